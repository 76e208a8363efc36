package words

import (
	"strings"
	"testing"
	"time"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keystore"
)

// TestHistoryWords: a recorded test reads as before in English, and in
// each language with its own date, places and counts.
func TestHistoryWords(t *testing.T) {
	defer SetLanguage("en")
	at := time.Date(2026, 3, 4, 5, 6, 0, 0, time.UTC)
	e := keystore.HistoryEntry{At: at, From: keystore.FromCommandLine, Result: apiclient.Works.String(), Account: "admin@example.com", Status: 200, RequestID: "req_1", Ending: "1a2b"}
	for lang, want := range map[string][4]string{
		"en": {"4 Mar 2026 05:06 · from the command line · Works, account admin@example.com · the key ending in 1a2b · Request-Id req_1", "Production: the last test:", "Production: the last 3 tests, newest first:", "tray"},
		"de": {"4.3.2026 05:06 · über die Befehlszeile · Funktioniert, Konto admin@example.com · Schlüssel mit der Endung 1a2b · Request-Id req_1", "Production: der letzte Test:", "Production: die letzten 3 Tests, neueste zuerst:", "Systemleiste"},
		"fr": {"04/03/2026 05:06 · depuis la ligne de commande · Fonctionne, compte admin@example.com · clé qui se termine par 1a2b · Request-Id req_1", "Production\u00a0: le dernier test\u00a0:", "Production\u00a0: les 3 derniers tests, du plus récent au plus ancien\u00a0:", "zone de notification"},
		"es": {"4/3/2026 05:06 · desde la línea de comandos · Funciona, cuenta admin@example.com · clave que termina en 1a2b · Request-Id req_1", "Production: la última prueba:", "Production: las últimas 3 pruebas, de la más reciente a la más antigua:", "bandeja del sistema"},
	} {
		SetLanguage(lang)
		if got := HistoryLine(e, time.UTC); got != want[0] {
			t.Errorf("%s: HistoryLine = %q, want %q", lang, got, want[0])
		}
		if got := HistoryHeading("Production", 1); got != want[1] {
			t.Errorf("%s: one test: %q, want %q", lang, got, want[1])
		}
		if got := HistoryHeading("Production", 3); got != want[2] {
			t.Errorf("%s: three tests: %q, want %q", lang, got, want[2])
		}
		if got := HistoryFrom(keystore.FromTray); got != want[3] {
			t.Errorf("%s: the tray: %q, want %q", lang, got, want[3])
		}
		if got := HistoryHeading("Production", 0); !strings.HasPrefix(got, "Production") || !strings.HasSuffix(got, ".") {
			t.Errorf("%s: no tests: %q", lang, got)
		}
	}
}

// TestHistoryOutcomesInOtherLanguages: every recorded result has its own
// words in each language, none as in English.
func TestHistoryOutcomesInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	results := []string{"", "no such result"}
	for k := apiclient.Works; !strings.HasPrefix(k.String(), "kind("); k++ {
		results = append(results, k.String())
	}
	at := time.Date(2026, 3, 4, 5, 6, 0, 0, time.UTC)
	english := map[string]string{}
	for _, r := range results {
		english[r] = HistoryOutcome(keystore.HistoryEntry{At: at, Result: r})
	}
	for _, lang := range []string{"de", "fr", "es"} {
		SetLanguage(lang)
		for _, r := range results {
			if got := HistoryOutcome(keystore.HistoryEntry{At: at, Result: r}); got == "" || got == english[r] || strings.Contains(got, "history.") {
				t.Errorf("%s: %q reads %q (English %q)", lang, r, got, english[r])
			}
		}
	}
}
