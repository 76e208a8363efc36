package words

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/oncekey/oncekey/keys"
	"github.com/oncekey/oncekey/keystore"
)

// German says "in GNOME Keyring" as English does, and French writes a
// minute as English does.
var (
	_ = allowSameAsEnglish("de", "window.place.in.product")
	_ = allowSameAsEnglish("fr", "window.clearDelay.oneMinute")
)

// TestWindowInOtherLanguages: a key's name sits between the language's own
// quotation marks, each place takes the article its preposition needs
// ("aus dem", "du", "del"), and the buttons a sentence names read as the
// window labels them.
func TestWindowInOtherLanguages(t *testing.T) {
	defer SetLanguage("en")
	k := keystore.KeyInfo{Name: "Zapier", Ending: "1a2b"}
	for lang, want := range map[string][]string{
		"de": {"OnceKey entfernt „Zapier“, den Schlüssel mit der Endung 1a2b, aus dem Schlüsselbund des Systems.",
			"Der Schlüssel wird aus dem macOS-Schlüsselbund gelesen…",
			"Der Schlüssel wird in der Windows-Anmeldeinformationsverwaltung gespeichert, nie in einer Datei.",
			"„Alter Schlüssel gelöscht“"},
		"fr": {"OnceKey va retirer «\u00a0Zapier\u00a0», la clé qui se termine par 1a2b, du trousseau du système.",
			"Lecture de la clé du trousseau macOS…",
			"La clé sera enregistrée dans le Gestionnaire d’identification Windows, jamais dans un fichier.",
			"«\u00a0J’ai supprimé l’ancienne clé\u00a0»"},
		"es": {"OnceKey quitará «Zapier», la clave que termina en 1a2b, del llavero del sistema.",
			"Leyendo la clave del llavero de macOS…",
			"La clave se almacenará en el Administrador de credenciales de Windows, nunca en un archivo.",
			"«Ya eliminé la clave antigua»"},
	} {
		SetLanguage(lang)
		if got := RemoveQuestionOf(k, true, keystore.PlaceSystemKeyring); !strings.HasPrefix(got, want[0]+" ") {
			t.Errorf("%s: RemoveQuestionOf = %q, want it to start %q", lang, got, want[0])
		}
		if got := Reading(keystore.PlaceMacOSKeychain, true); got != want[1] {
			t.Errorf("%s: Reading = %q, want %q", lang, got, want[1])
		}
		if got := WhereBeforeSave(keystore.PlaceWindowsCredentials); got != want[2] {
			t.Errorf("%s: WhereBeforeSave = %q, want %q", lang, got, want[2])
		}
		for _, s := range []string{ChecklistDeleteOld("1a2b"), ChecklistDeleteOld(""), OldKeyChecked(keys.RetireResult{StillWorks: true}, "1a2b").NextStep} {
			if !strings.Contains(s, want[3]) {
				t.Errorf("%s: %q does not name the button %s", lang, s, want[3])
			}
		}
		if got := RotatePasteIntro("1a2b", true, false); !strings.Contains(got, "1a2b") {
			t.Errorf("%s: %q does not name the old key's ending", lang, got)
		}
	}
}

// TestFrenchSpacing: French puts a no-break space before : ; ? ! and
// inside « », so that a line never breaks before them.
func TestFrenchSpacing(t *testing.T) {
	loose := regexp.MustCompile(`[ ][:;?!»]|«[ ]`)
	for _, area := range []string{"window", "rotate"} {
		data, err := localeFiles.ReadFile("locales/" + area + ".fr.json")
		if err != nil {
			t.Fatal(err)
		}
		var messages map[string]string
		if err := json.Unmarshal(data, &messages); err != nil {
			t.Fatal(err)
		}
		for id, s := range messages {
			if m := loose.FindString(s); m != "" {
				t.Errorf("%s: %q has a breaking space in %q", id, s, m)
			}
		}
	}
}
