package fakeoncehub

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Webhook is a subscription the stand-in holds for an account. Secret is
// its signing secret, which OnceHub sends with every webhook it lists: a
// random canary that tests look for where it must never be.
type Webhook struct {
	ID      string
	Name    string
	URL     string
	Events  []string
	Created time.Time
	Secret  string
}

// sampleEvents are OnceHub's booking events, given out in turn.
var sampleEvents = [][]string{
	{"booking.scheduled"},
	{"booking.scheduled", "booking.rescheduled", "booking.canceled"},
	{"booking.completed", "booking.no_show"},
	{"conversation.started", "conversation.closed"},
}

// AddWebhooks gives account n more webhooks, created a minute apart, and
// returns them, secrets included.
func (s *Server) AddWebhooks(account string, n int) []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhooks == nil {
		s.webhooks = map[string][]Webhook{}
	}
	list := s.webhooks[account]
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	made := make([]Webhook, 0, n)
	for i := 0; i < n; i++ {
		s.webhookSeq++
		seq := s.webhookSeq
		w := Webhook{
			ID:      fmt.Sprintf("WHK-%010d", seq),
			Name:    "Bookings to CRM " + strconv.Itoa(seq),
			URL:     "https://hooks.example.com/oncehub/" + strconv.Itoa(seq),
			Events:  sampleEvents[seq%len(sampleEvents)],
			Created: start.Add(time.Duration(seq) * time.Minute),
			Secret:  "whsec" + randomHex(16),
		}
		list = append(list, w)
		made = append(made, w)
	}
	s.webhooks[account] = list
	return made
}

// Webhooks returns account's webhooks now, oldest first.
func (s *Server) Webhooks(account string) []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Webhook(nil), s.webhooks[account]...)
}

// WebhookPages returns the "after" cursor of every list request so far,
// "" for a first page, in order.
func (s *Server) WebhookPages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.pageAfters...)
}

// AnswerWebhookPage makes the n-th list request from now (1 is the next)
// get r instead of its page, once.
func (s *Server) AnswerWebhookPage(n int, r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageFault, s.pageFaultIn = &r, n
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// webhookRoutes are GET /webhooks (cursor paging as OnceHub's spec
// describes: limit 1..100, default 10, and before or after an ID), GET
// /webhooks/{id} and DELETE /webhooks/{id}.
func (s *Server) webhookRoutes() {
	s.mux.HandleFunc("GET /v2/webhooks", s.withKey(s.listWebhooks))
	s.mux.HandleFunc("GET /v2/webhooks/{id}", s.withKey(func(w http.ResponseWriter, r *http.Request, account string) {
		if wh, ok := s.findWebhook(account, r.PathValue("id"), false); ok {
			writeJSON(w, http.StatusOK, webhookJSON(wh))
			return
		}
		writeNoSuchWebhook(w, r.PathValue("id"))
	}))
	s.mux.HandleFunc("DELETE /v2/webhooks/{id}", s.withKey(func(w http.ResponseWriter, r *http.Request, account string) {
		if wh, ok := s.findWebhook(account, r.PathValue("id"), true); ok {
			writeJSON(w, http.StatusOK, map[string]any{"id": wh.ID, "deleted": true})
			return
		}
		writeNoSuchWebhook(w, r.PathValue("id"))
	}))
}

func writeNoSuchWebhook(w http.ResponseWriter, id string) {
	writeJSON(w, http.StatusNotFound, map[string]string{"type": "invalid_request_error", "message": "No such webhook: '" + id + "'", "param": "id"})
}

func (s *Server) findWebhook(account, id string, remove bool) (Webhook, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.webhooks[account]
	for i, wh := range list {
		if wh.ID == id {
			if remove {
				s.webhooks[account] = append(list[:i:i], list[i+1:]...)
			}
			return wh, true
		}
	}
	return Webhook{}, false
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request, account string) {
	q := r.URL.Query()
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeJSON(w, http.StatusBadRequest, map[string]string{"type": "invalid_request_error",
				"message": "Out of range value: " + v + ". Please provide a number between 1 and 100.", "param": "limit"})
			return
		}
		limit = n
	}
	after, before := q.Get("after"), q.Get("before")
	if after != "" && before != "" {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "Received both before and after parameters. Please provide only one.")
		return
	}
	s.mu.Lock()
	s.pageAfters = append(s.pageAfters, after)
	var fault *Reply
	if s.pageFaultIn > 0 {
		if s.pageFaultIn--; s.pageFaultIn == 0 {
			fault, s.pageFault = s.pageFault, nil
		}
	}
	list := append([]Webhook(nil), s.webhooks[account]...)
	s.mu.Unlock()
	if fault != nil {
		writeReply(w, fault)
		return
	}
	from, to := 0, len(list)
	for i, wh := range list {
		if wh.ID == after {
			from = i + 1
		}
		if wh.ID == before {
			to = i
		}
	}
	if before != "" {
		from = max(0, to-limit)
	}
	end := min(to, from+limit)
	page := make([]map[string]any, 0, end-from)
	for _, wh := range list[from:end] {
		page = append(page, webhookJSON(wh))
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": page, "has_more": end < to})
}

// webhookJSON is a webhook as OnceHub sends it (components/schemas/Webhook),
// secret included.
func webhookJSON(wh Webhook) map[string]any {
	return map[string]any{
		"object":        "webhook",
		"id":            wh.ID,
		"api_version":   "v2",
		"name":          wh.Name,
		"url":           wh.URL,
		"events":        wh.Events,
		"creation_time": wh.Created.UTC().Format("2006-01-02T15:04:05.000Z"),
		"secret":        wh.Secret,
	}
}
