package words

import (
	"errors"

	"github.com/oncekey/oncekey/apiclient"
	"github.com/oncekey/oncekey/keys"
)

// The window's words for Rotate, which follows OnceHub's rotation: create a
// new key, update the tools that use the old one, then delete the old one.
// On OnceHub's current API Keys page the old key keeps working until it is
// deleted there, so OnceKey keeps it beside the new one until then; on the
// older page, Regenerate stops the old key at once.

// CreateKeyClicks are the clicks that create a new key in OnceHub.
func CreateKeyClicks() string { return tr("clicks.createKey") }

// Rotate's fixed sentences.
// RotateWhere says where a new key is created.
func RotateWhere() string { return "Create a new key in OnceHub: " + CreateKeyClicks() + "." }

// RotateLimit is OnceHub's limit of keys, which counts the old key
// until it is deleted there.
func RotateLimit() string {
	return "OnceHub keeps up to 25 keys. If it will not create another, delete a key you no longer use there first."
}

// RotateQuestion asks which of OnceHub's pages the account has: its
// API cannot tell.
func RotateQuestion() string { return "Which button does your API Keys page in OnceHub show?" }

// RotateKeepOldChoice and RotateRegenerateChoice explain the two
// answers.
func RotateKeepOldChoice() string {
	return "The old key keeps working until you delete it in OnceHub, so OnceKey keeps it beside the new one until then."
}

func RotateRegenerateChoice() string {
	return "An older page: Regenerate stops the old key at once, so the new key simply takes its place."
}

// ChecklistUpdateTools is the checklist's first step.
func ChecklistUpdateTools() string {
	return "1. Update each tool that uses this key: paste the new key into it."
}

// CheckingOldKey and ForgettingOldKey are busy lines.
func CheckingOldKey() string { return "Checking the old key with OnceHub…" }

func ForgettingOldKey() string { return "Forgetting the old key…" }

// RotatedNote is what is left to do after the new key took the old
// one's place at once (Regenerate, or an old key OnceHub refuses).
func RotatedNote() string {
	return "Key replaced. Paste the new key into every tool that used the old one (Copy is one click away): the old key no longer works. " +
		"Webhooks made with the old key keep working."
}

// oldKey names the key a rotation is retiring.
func oldKey(ending string) string {
	if ending == "" {
		return "the old key"
	}
	return "the old key ending in " + ending
}

// RotatePasteIntro says what happens to the new key pasted in Rotate's
// second step, and to the old key ending in oldEnding. keepOld is OnceHub's
// page with "Create API key"; refused says OnceHub already refuses the old
// key, so the step that asks which page it is was skipped.
func RotatePasteIntro(oldEnding string, keepOld, refused bool) string {
	switch {
	case refused:
		return "OnceHub no longer accepts " + oldKey(oldEnding) + ", so the new key simply takes its place. " +
			"Create it in OnceHub: " + CreateKeyClicks() + ". Then paste it here: OnceKey tests it first."
	case keepOld:
		return "Paste the new key you copied in OnceHub. OnceKey tests it, then keeps it beside " + oldKey(oldEnding) +
			", which keeps working until you delete it in OnceHub."
	default:
		return "Press Regenerate in OnceHub and copy the new key, then paste it here. Regenerating stops " + oldKey(oldEnding) +
			" at once; OnceKey tests the new key, then puts it in the old one's place."
	}
}

// AccountDiffers warns, before the new key is stored, that it is for
// another OnceHub account than the old one.
func AccountDiffers(newAccount, oldAccount string) Said {
	return Said{
		Summary:  "This new key is for account " + newAccount + "; the old one was for " + oldAccount + ".",
		NextStep: "If that is what you want, choose Keep it anyway. If not, choose Back and create the new key in the account " + oldAccount + ".",
	}
}

// RotationRefused says why Rotate stored nothing, for the key manager's
// refusals of a rotation; "" for any other error.
func RotationRefused(err error) string {
	var pending *keys.RotationPendingError
	var unusable *keys.ListUnusableError
	switch {
	case errors.As(err, &pending):
		return "Nothing was saved: the last rotation of this key is not finished yet, and " + oldKey(pending.Ending) +
			" is still kept. Finish that rotation first."
	case errors.Is(err, keys.ErrSameKey):
		return SameKeyAgain()
	case errors.As(err, &unusable):
		return ListUnusable(err)
	}
	return ""
}

// RotationStored heads the checklist: the new key is the name's key now,
// and the old one is kept until it is deleted in OnceHub.
func RotationStored(newEnding, oldEnding string) string {
	what := "The new key is saved"
	if newEnding != "" {
		what = "The new key ending in " + newEnding + " is saved"
	}
	return what + ", and Copy now gives it. OnceKey keeps " + oldKey(oldEnding) + " until you delete it in OnceHub."
}

// ChecklistNote shows the admin's own note of where the key is used.
func ChecklistNote(note string) string {
	if note == "" {
		return ""
	}
	return "Your note: " + note
}

// ChecklistDeleteOld is the checklist's second step, and what the button
// under it does.
func ChecklistDeleteOld(oldEnding string) string {
	what := "the old key"
	if oldEnding != "" {
		what = "the old key (ending in " + oldEnding + ")"
	}
	return "2. Delete " + what + " on OnceHub's API Keys page; tools still using it lose access. " +
		"Then press “I deleted the old key” and OnceKey checks that it is gone."
}

// RotationPending is the key view's line while a rotation is not finished.
func RotationPending(oldEnding string) string {
	return "Rotation in progress: " + oldKey(oldEnding) + " is kept until you delete it in OnceHub."
}

// OldKeyReport is what the window says after the old key was checked: a
// headline, why it could not be checked (when it could not), and what to do.
type OldKeyReport struct {
	Headline string
	Reason   string
	NextStep string
}

// OldKeyChecked says what OnceKey found when it tested the old key ending
// in oldEnding, after the admin said it was deleted in OnceHub.
func OldKeyChecked(res keys.RetireResult, oldEnding string) OldKeyReport {
	old := oldKey(oldEnding)
	const deleteThenAgain = "Delete it on OnceHub's API Keys page, then press “I deleted the old key” again."
	switch {
	case res.Forgotten:
		return OldKeyReport{Headline: "OnceHub no longer knows " + old + ", so OnceKey has forgotten it. The rotation is done."}
	case res.StillWorks && res.Outcome.Kind == apiclient.Works:
		return OldKeyReport{Headline: capital(old) + " still works in OnceHub: tools using it still have access.", NextStep: deleteThenAgain}
	case res.StillWorks:
		// Known to OnceHub, but the account's plan has no API access (403).
		return OldKeyReport{Headline: "OnceHub still knows " + old + ": it has not been deleted there yet.", NextStep: deleteThenAgain}
	}
	o := res.Outcome
	later := "try again later."
	if o.Kind == apiclient.RateLimited && o.RetryAfter > 0 {
		later = "try again in " + Wait(o.RetryAfter) + "."
	}
	return OldKeyReport{Headline: "OnceKey could not check " + old + ". It is kept; " + later, Reason: Outcome(o).Summary}
}

// ForgetOldKeyQuestion is the confirmation before the old key is
// forgotten without a check. It is offered when the check could not be
// made, after the admin said the key was deleted: whether it still works
// is not known, so the words only say what holds if it does.
func ForgetOldKeyQuestion(oldEnding string) string {
	return "OnceKey will forget " + oldKey(oldEnding) + " without checking it with OnceHub. " +
		"If it is still on OnceHub's API Keys page, it keeps working, in every tool that still uses it, until you delete it there. " +
		"OnceHub cannot show it again."
}

// OldKeyForgotten confirms that the old key was forgotten at the admin's
// word.
func OldKeyForgotten(oldEnding string) string {
	return "OnceKey has forgotten " + oldKey(oldEnding) + ". If it is still on OnceHub's API Keys page, it keeps working until you delete it there."
}

// capital starts s with a capital letter (s starts with ASCII here).
func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
