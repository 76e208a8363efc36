// Package words makes every sentence OnceKey shows a person, for the window
// and the command line alike, from the kinds and facts that apiclient,
// keystore and the key manager report. Nothing else in OnceKey writes a
// sentence for people, and nothing parses one back: translating or
// rewording a message touches this package only.
package words
