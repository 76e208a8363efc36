//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package keystore

import (
	"time"

	"github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// listItems finds the items go-keyring stored for service: it searches the
// collection go-keyring uses, by the attribute "service", and reads each
// item's attributes and creation time, never its secret. Like go-keyring's
// own Get, it unlocks the collection first, which may bring up the
// keyring's unlock prompt (the caller's timeout covers that).
func listItems(service string) ([]Item, error) {
	svc, err := ss.NewSecretService()
	if err != nil {
		return nil, err
	}
	collection := svc.GetLoginCollection()
	if err := svc.Unlock(collection.Path()); err != nil {
		return nil, err
	}
	paths, err := svc.SearchItems(collection, map[string]string{"service": service})
	if err != nil {
		return nil, err
	}
	items := make([]Item, 0, len(paths))
	for _, p := range paths {
		var props map[string]dbus.Variant
		err := svc.Object("org.freedesktop.secrets", p).
			Call("org.freedesktop.DBus.Properties.GetAll", 0, "org.freedesktop.Secret.Item").Store(&props)
		if err != nil {
			return nil, err
		}
		var attrs map[string]string
		if v, ok := props["Attributes"]; !ok || v.Store(&attrs) != nil || attrs["service"] != service {
			continue // not go-keyring's, or gone meanwhile
		}
		name, ok := attrs["username"]
		if !ok {
			continue
		}
		it := Item{Name: name}
		var created uint64
		if v, ok := props["Created"]; ok && v.Store(&created) == nil && created > 0 && created < 1<<62 {
			it.Created = time.Unix(int64(created), 0)
		}
		items = append(items, it)
	}
	return items, nil
}
