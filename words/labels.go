package words

// The window's short words: button labels, dialog titles, the labels of
// form fields and the hints inside entries. They are words of their own,
// never parts of a sentence. A sentence that names one of OnceKey's
// buttons quotes the label these give, in every language, so that the
// admin finds the button it names.

// Buttons of the key view and of the dialogs.
func ButtonAddKey() string { return tr("labels.button.addKey") }

func ButtonRename() string { return tr("labels.button.rename") }

func ButtonTest() string { return tr("labels.button.test") }

func ButtonTestAll() string { return tr("labels.button.testAll") }

// ButtonTestAndSave tests the new key in Rotate, and stores it if it works.
func ButtonTestAndSave() string { return tr("labels.button.testAndSave") }

// ButtonSaveAndTest stores a key in Add key, then tests it.
func ButtonSaveAndTest() string { return tr("labels.button.saveAndTest") }

func ButtonCopy() string { return tr("labels.button.copy") }

func ButtonRotate() string { return tr("labels.button.rotate") }

func ButtonRemove() string { return tr("labels.button.remove") }

// ButtonEdit edits the key's note.
func ButtonEdit() string { return tr("labels.button.edit") }

func ButtonCancel() string { return tr("labels.button.cancel") }

func ButtonClose() string { return tr("labels.button.close") }

func ButtonSave() string { return tr("labels.button.save") }

func ButtonPaste() string { return tr("labels.button.paste") }

// ButtonOK dismisses a note; Fyne's own dialogs say "OK" in each language
// too.
func ButtonOK() string { return tr("labels.button.ok") }

func ButtonTryAgain() string { return tr("labels.button.tryAgain") }

// ButtonKeepForSession keeps the key in memory when the keychain cannot
// be used.
func ButtonKeepForSession() string { return tr("labels.button.keepForSession") }

func ButtonClearClipboard() string { return tr("labels.button.clearClipboard") }

func ButtonCopyRequestID() string { return tr("labels.button.copyRequestID") }

// ButtonContinueRotation takes up a rotation not finished yet.
func ButtonContinueRotation() string { return tr("labels.button.continueRotation") }

// Rotate's buttons.
func ButtonBack() string { return tr("labels.button.back") }

func ButtonLater() string { return tr("labels.button.later") }

// ButtonDeletedOldKey: the admin says the old key was deleted in OnceHub,
// and OnceKey checks.
func ButtonDeletedOldKey() string { return tr("labels.button.deletedOldKey") }

// ButtonKeepAnyway keeps a new key whose test did not say it works.
func ButtonKeepAnyway() string { return tr("labels.button.keepAnyway") }

func ButtonCopyNewKey() string { return tr("labels.button.copyNewKey") }

func ButtonForgetOldKeyNow() string { return tr("labels.button.forgetOldKeyNow") }

// ButtonShowsCreateKey and ButtonShowsRegenerate answer which button
// OnceHub's API Keys page shows; OnceHub's labels stay as OnceHub writes
// them.
func ButtonShowsCreateKey() string { return tr("labels.button.showsCreateKey") }

func ButtonShowsRegenerate() string { return tr("labels.button.showsRegenerate") }

// ButtonKeepIt and ButtonForgetIt answer "Remove the key?" and "Forget
// the old key?"; "it" is the key.
func ButtonKeepIt() string { return tr("labels.button.keepIt") }

func ButtonForgetIt() string { return tr("labels.button.forgetIt") }

// ButtonRotateKey and ButtonOpenAPIPage are what a test's result offers
// to do next.
func ButtonRotateKey() string { return tr("labels.button.rotateKey") }

func ButtonOpenAPIPage() string { return tr("labels.button.openAPIPage") }

// LinkAPIPage and LinkAPIKeysPage open OnceHub's page of API keys, from
// the window and from Rotate.
func LinkAPIPage() string { return tr("labels.link.apiPage") }

func LinkAPIKeysPage() string { return tr("labels.link.apiKeysPage") }

// Dialog and view titles.
func TitleAddKey() string { return tr("labels.title.addKey") }

func TitleRemoveKey() string { return tr("labels.title.removeKey") }

func TitleRenameKey() string { return tr("labels.title.renameKey") }

func TitleRotateKey() string { return tr("labels.title.rotateKey") }

func TitleForgetOldKey() string { return tr("labels.title.forgetOldKey") }

func TitleTestAll() string { return tr("labels.title.testAll") }

func TitleSettings() string { return tr("labels.title.settings") }

// TitleFirstRun heads the view shown before any key is saved.
func TitleFirstRun() string { return tr("labels.title.firstRun") }

// TitleOneKey heads the key view while the one key saved is the first.
func TitleOneKey() string { return tr("labels.title.oneKey") }

// The labels beside entries and choices.
func FieldName() string { return tr("labels.field.name") }

func FieldKey() string { return tr("labels.field.key") }

func FieldNewName() string { return tr("labels.field.newName") }

func FieldNote() string { return tr("labels.field.note") }

// FieldClearDelay, FieldRotateAfter and FieldTestPace are Settings'
// choices; ClearDelayLabel, RotateAfterLabel and PaceLabel follow them.
func FieldClearDelay() string { return tr("labels.field.clearDelay") }

func FieldRotateAfter() string { return tr("labels.field.rotateAfter") }

func FieldTestPace() string { return tr("labels.field.testPace") }

// DetailsLabel opens a result's Details, its HTTP status and Request-Id
// for support.
func DetailsLabel() string { return tr("labels.details") }

// PlaceholderKeyName is the example in Add key's name entry; AddKeyNameHint
// gives the same example.
func PlaceholderKeyName() string { return tr("labels.placeholder.keyName") }

func PlaceholderKey() string { return tr("labels.placeholder.key") }

func PlaceholderNewKey() string { return tr("labels.placeholder.newKey") }
