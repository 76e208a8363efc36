//go:build !darwin

// Package macclip is empty except on macOS; see macclip.go.
package macclip
