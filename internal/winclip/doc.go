// Package winclip puts a key on the Windows clipboard marked so that
// clipboard history, cloud clipboard sync and clipboard monitors leave it
// alone, and clears it later only if nobody has copied anything since.
//
// Fyne's clipboard offers plain text only. Windows reads three registered
// formats set beside the text: ExcludeClipboardContentFromMonitorProcessing
// (any data), CanIncludeInClipboardHistory and CanUploadToCloudClipboard
// (a DWORD of 0). Windows has no notice to a clipboard's owner that
// another program copied, so clearing compares GetClipboardSequenceNumber
// with the one after OnceKey's copy. The package has code on Windows only.
package winclip
