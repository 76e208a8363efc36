//go:build windows

package keystore

import (
	"strings"

	"github.com/danieljoos/wincred"
)

// listItems finds the generic credentials go-keyring stored for service:
// their target name is "service:user". Credential Manager reports when
// each was last written, not when it was created.
func listItems(service string) ([]Item, error) {
	prefix := service + ":"
	creds, err := wincred.FilteredList(prefix + "*")
	if err != nil {
		return nil, err
	}
	items := make([]Item, 0, len(creds))
	for _, c := range creds {
		// The enumeration hands over each secret too: wipe it, it is not
		// wanted here.
		clear(c.CredentialBlob)
		// Target names ignore case, and so does the filter.
		if len(c.TargetName) <= len(prefix) || !strings.EqualFold(c.TargetName[:len(prefix)], prefix) {
			continue
		}
		items = append(items, Item{Name: c.TargetName[len(prefix):], Created: c.LastWritten})
	}
	return items, nil
}
