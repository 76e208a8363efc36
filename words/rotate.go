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
//
// A sentence that names the old key by its ending has a variant without
// one, rather than taking "the old key ending in …" as a fragment: its
// article and case change with its place in the sentence in German, French
// and Spanish.

// CreateKeyClicks are the clicks that create a new key in OnceHub.
func CreateKeyClicks() string { return tr("clicks.createKey") }

// Rotate's fixed sentences.
// RotateWhere says where a new key is created.
func RotateWhere() string { return tr("rotate.where", "Clicks", CreateKeyClicks()) }

// RotateLimit is OnceHub's limit of keys, which counts the old key
// until it is deleted there.
func RotateLimit() string { return tr("rotate.limit") }

// RotateQuestion asks which of OnceHub's pages the account has: its
// API cannot tell.
func RotateQuestion() string { return tr("rotate.question") }

// RotateKeepOldChoice and RotateRegenerateChoice explain the two
// answers.
func RotateKeepOldChoice() string { return tr("rotate.choice.keepOld") }

func RotateRegenerateChoice() string { return tr("rotate.choice.regenerate") }

// ChecklistUpdateTools is the checklist's first step.
func ChecklistUpdateTools() string { return tr("rotate.checklist.updateTools") }

// CheckingOldKey and ForgettingOldKey are busy lines.
func CheckingOldKey() string { return tr("rotate.busy.checkingOld") }

func ForgettingOldKey() string { return tr("rotate.busy.forgettingOld") }

// RotatedNote is what is left to do after the new key took the old
// one's place at once (Regenerate, or an old key OnceHub refuses).
func RotatedNote() string { return tr("rotate.replaced") }

// RotatePasteIntro says what happens to the new key pasted in Rotate's
// second step, and to the old key ending in oldEnding. keepOld is OnceHub's
// page with "Create API key"; refused says OnceHub already refuses the old
// key, so the step that asks which page it is was skipped.
func RotatePasteIntro(oldEnding string, keepOld, refused bool) string {
	switch {
	case refused && oldEnding != "":
		return tr("rotate.paste.refusedEnding", "Ending", oldEnding, "Clicks", CreateKeyClicks())
	case refused:
		return tr("rotate.paste.refused", "Clicks", CreateKeyClicks())
	case keepOld && oldEnding != "":
		return tr("rotate.paste.keepOldEnding", "Ending", oldEnding)
	case keepOld:
		return tr("rotate.paste.keepOld")
	case oldEnding != "":
		return tr("rotate.paste.regenerateEnding", "Ending", oldEnding)
	default:
		return tr("rotate.paste.regenerate")
	}
}

// AccountDiffers warns, before the new key is stored, that it is for
// another OnceHub account than the old one.
func AccountDiffers(newAccount, oldAccount string) Said {
	return Said{
		Summary:  tr("rotate.accountDiffers", "New", newAccount, "Old", oldAccount),
		NextStep: tr("rotate.accountDiffers.next", "Old", oldAccount),
	}
}

// RotationRefused says why Rotate stored nothing, for the key manager's
// refusals of a rotation; "" for any other error.
func RotationRefused(err error) string {
	var pending *keys.RotationPendingError
	var unusable *keys.ListUnusableError
	switch {
	case errors.As(err, &pending):
		if pending.Ending != "" {
			return tr("rotate.refused.pendingEnding", "Ending", pending.Ending)
		}
		return tr("rotate.refused.pending")
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
	switch {
	case newEnding != "" && oldEnding != "":
		return tr("rotate.stored.bothEndings", "New", newEnding, "Old", oldEnding)
	case newEnding != "":
		return tr("rotate.stored.newEnding", "New", newEnding)
	case oldEnding != "":
		return tr("rotate.stored.oldEnding", "Old", oldEnding)
	}
	return tr("rotate.stored")
}

// ChecklistNote shows the admin's own note of where the key is used.
func ChecklistNote(note string) string {
	if note == "" {
		return ""
	}
	return tr("rotate.checklist.note", "Note", note)
}

// ChecklistDeleteOld is the checklist's second step, and what the button
// under it does.
func ChecklistDeleteOld(oldEnding string) string {
	if oldEnding != "" {
		return tr("rotate.checklist.deleteOldEnding", "Ending", oldEnding)
	}
	return tr("rotate.checklist.deleteOld")
}

// RotationPending is the key view's line while a rotation is not finished.
func RotationPending(oldEnding string) string {
	if oldEnding != "" {
		return tr("rotate.pendingEnding", "Ending", oldEnding)
	}
	return tr("rotate.pending")
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
	ending := oldEnding != ""
	switch {
	case res.Forgotten && ending:
		return OldKeyReport{Headline: tr("rotate.old.forgottenEnding", "Ending", oldEnding)}
	case res.Forgotten:
		return OldKeyReport{Headline: tr("rotate.old.forgotten")}
	case res.StillWorks:
		r := OldKeyReport{NextStep: tr("rotate.old.deleteThenAgain")}
		switch works := res.Outcome.Kind == apiclient.Works; {
		case works && ending:
			r.Headline = tr("rotate.old.stillWorksEnding", "Ending", oldEnding)
		case works:
			r.Headline = tr("rotate.old.stillWorks")
		// Known to OnceHub, but the account's plan has no API access (403).
		case ending:
			r.Headline = tr("rotate.old.stillKnownEnding", "Ending", oldEnding)
		default:
			r.Headline = tr("rotate.old.stillKnown")
		}
		return r
	}
	o := res.Outcome
	r := OldKeyReport{Reason: Outcome(o).Summary}
	switch wait := o.Kind == apiclient.RateLimited && o.RetryAfter > 0; {
	case wait && ending:
		r.Headline = tr("rotate.old.notCheckedWaitEnding", "Ending", oldEnding, "Wait", Wait(o.RetryAfter))
	case wait:
		r.Headline = tr("rotate.old.notCheckedWait", "Wait", Wait(o.RetryAfter))
	case ending:
		r.Headline = tr("rotate.old.notCheckedEnding", "Ending", oldEnding)
	default:
		r.Headline = tr("rotate.old.notChecked")
	}
	return r
}

// ForgetOldKeyQuestion is the confirmation before the old key is
// forgotten without a check. It is offered when the check could not be
// made, after the admin said the key was deleted: whether it still works
// is not known, so the words only say what holds if it does.
func ForgetOldKeyQuestion(oldEnding string) string {
	s := tr("rotate.forget.question")
	if oldEnding != "" {
		s = tr("rotate.forget.questionEnding", "Ending", oldEnding)
	}
	return s + " " + tr("rotate.forget.ifStillThere")
}

// OldKeyForgotten confirms that the old key was forgotten at the admin's
// word.
func OldKeyForgotten(oldEnding string) string {
	s := tr("rotate.forgotten")
	if oldEnding != "" {
		s = tr("rotate.forgottenEnding", "Ending", oldEnding)
	}
	return s + " " + tr("rotate.forgotten.ifStillThere")
}
