package words

import "testing"

// "OK" is OK in all four (Fyne's own dialogs say it too); German says
// "Name" and "Details", French "Note", as English does.
var (
	_ = allowSameAsEnglish("de", "labels.button.ok", "labels.field.name", "labels.details")
	_ = allowSameAsEnglish("fr", "labels.button.ok", "labels.field.note")
	_ = allowSameAsEnglish("es", "labels.button.ok")
)

// TestButtonLabels: the buttons that sentences name read exactly as those
// sentences quote them, in every language.
func TestButtonLabels(t *testing.T) {
	defer SetLanguage("en")
	for _, b := range []struct {
		label func() string
		say   [4]string // en, de, fr, es
	}{
		{ButtonTest, [4]string{"Test", "Testen", "Tester", "Probar"}},
		{ButtonTestAll, [4]string{"Test all", "Alle testen", "Tout tester", "Probar todas"}},
		{ButtonTestAndSave, [4]string{"Test and save", "Testen & sichern", "Tester et garder", "Probar y guardar"}},
		{ButtonCopy, [4]string{"Copy", "Kopieren", "Copier", "Copiar"}},
		{ButtonRotate, [4]string{"Rotate", "Rotieren", "Renouveler", "Rotar"}},
		{ButtonRename, [4]string{"Rename", "Umbenennen", "Renommer", "Renombrar"}},
		{ButtonRemove, [4]string{"Remove", "Entfernen", "Retirer", "Quitar"}},
		{ButtonAddKey, [4]string{"Add key", "Hinzufügen", "Ajouter", "Añadir"}},
		{ButtonEdit, [4]string{"Edit", "Bearbeiten", "Modifier", "Editar"}},
		{ButtonCancel, [4]string{"Cancel", "Abbrechen", "Annuler", "Cancelar"}},
		{ButtonClose, [4]string{"Close", "Schließen", "Fermer", "Cerrar"}},
		{TitleSettings, [4]string{"Settings", "Einstellungen", "Paramètres", "Ajustes"}},
		{ButtonCopyRequestID, [4]string{"Copy Request-Id", "Request-Id kopieren", "Copier le Request-Id", "Copiar Request-Id"}},
		{ButtonDeletedOldKey, [4]string{"I deleted the old key", "Alter Schlüssel gelöscht", "J’ai supprimé l’ancienne clé", "Ya eliminé la clave antigua"}},
		{TitleTestAll, [4]string{"Test all keys", "Alle Schlüssel testen", "Tester toutes les clés", "Probar todas las claves"}},
	} {
		for i, lang := range Languages() {
			SetLanguage(lang)
			if got := b.label(); got != b.say[i] {
				t.Errorf("%s: %q, want %q", lang, got, b.say[i])
			}
		}
	}
}
