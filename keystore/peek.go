package keystore

import "sort"

// PeekNames returns the names in the list file at path, sorted with
// NameLess, without taking its lock and without ever changing it: a damaged
// file is reported, not moved aside. It is for readers that only need to
// know which names exist ("oncekey print" without --name), so that they
// never wait on, nor change, the list.
func PeekNames(path string) ([]string, error) {
	keys, _, err := readIndexFile(path)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(keys))
	for name := range keys {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return NameLess(names[i], names[j]) })
	return names, nil
}
