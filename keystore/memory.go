package keystore

import (
	"context"
	"sync"
	"time"
)

// Memory is a Store that keeps keys in this process only, for when there is
// no keychain to use. Nothing is written anywhere; keys are gone when the
// program exits, and Where says so.
type Memory struct {
	mu      sync.Mutex
	secrets map[string]string
	created map[string]time.Time // when each name was first saved
	// retiring is the sibling that keeps retiring keys; a sibling's
	// sibling is itself.
	retiring *Memory
}

// NewMemory returns an empty session-only Store.
func NewMemory() *Memory {
	m := newMemory()
	m.retiring = newMemory()
	m.retiring.retiring = m.retiring
	return m
}

func newMemory() *Memory {
	return &Memory{secrets: make(map[string]string), created: make(map[string]time.Time)}
}

// Retiring returns the sibling Memory that keeps retiring keys for this
// session, apart from the names' own keys: always the same one.
func (m *Memory) Retiring() Store { return m.retiring }

// FoldsCase is false: names differing in letter case are separate keys.
func (m *Memory) FoldsCase() bool { return false }

// Where says the keys are kept for this session only.
func (m *Memory) Where() Place { return PlaceSession }

// Get returns the secret kept under name.
func (m *Memory) Get(ctx context.Context, name string) (string, error) {
	const op = "read"
	if err := m.check(ctx, op, name); err != nil {
		return "", err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.secrets[name]
	if !ok {
		return "", memNotFound(op)
	}
	return s, nil
}

// Save keeps secret under name, replacing any earlier one.
func (m *Memory) Save(ctx context.Context, name, secret string) error {
	const op = "save"
	if err := m.check(ctx, op, name); err != nil {
		return err
	}
	if secret == "" {
		return &Error{Kind: Invalid, Op: op, Problem: ProblemNoSecret}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.secrets[name]; !ok {
		m.created[name] = time.Now()
	}
	m.secrets[name] = secret
	return nil
}

// Remove forgets the secret kept under name.
func (m *Memory) Remove(ctx context.Context, name string) error {
	const op = "remove"
	if err := m.check(ctx, op, name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.secrets[name]; !ok {
		return memNotFound(op)
	}
	delete(m.secrets, name)
	delete(m.created, name)
	return nil
}

func (m *Memory) check(ctx context.Context, op, name string) error {
	if err := ctx.Err(); err != nil {
		return contextError(op, err, 0)
	}
	return withOp(ValidateName(name), op)
}

func memNotFound(op string) *Error {
	return &Error{Kind: NotFound, Op: op, SessionOnly: true}
}

// Both stores satisfy Store and say whether they fold case.
var (
	_ Store      = (*Keychain)(nil)
	_ Store      = (*Memory)(nil)
	_ CaseFolder = (*Keychain)(nil)
	_ CaseFolder = (*Memory)(nil)
)
