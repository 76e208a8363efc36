// Package winone keeps the window program to one window per Windows
// session: the first start creates a named event and waits on it; a second
// start finds the event, signals it (so the first window comes forward) and
// ends. Windows has no session bus to ask, and an event needs no window
// title to search for. The package has code on Windows only.
package winone
