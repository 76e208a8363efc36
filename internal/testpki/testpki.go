// Package testpki makes certificate authorities and server certificates
// while a test, the benchmark or the by-hand stand-in runs, so that no
// certificate or private key is ever committed and every TLS failure
// (untrusted, expired, wrong name) can be made on purpose. It returns
// errors rather than taking a testing.TB because programs use it too.
package testpki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"time"
)

// Loopback are the names a loopback server's certificate carries: both
// loopback addresses, and localhost because Windows programs under Wine
// check a DNS name.
var Loopback = []string{"127.0.0.1", "::1", "localhost"}

// validFor is how long a CA and a LoopbackLeaf last: a by-hand session may
// run for days.
const validFor = 7 * 24 * time.Hour

// CA is a certificate authority that lives as long as the process.
type CA struct {
	Cert *x509.Certificate
	Pool *x509.CertPool // trusts Cert only
	key  *ecdsa.PrivateKey
}

// NewCA makes a CA named name, valid from an hour ago (clocks differ a
// little) for a week.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(validFor),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &CA{Cert: cert, Pool: pool, key: key}, nil
}

// Issue makes a server certificate for names (DNS names or IP addresses),
// valid from notBefore to notAfter.
func (ca *CA) Issue(notBefore, notAfter time.Time, names ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := newSerial()
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if len(names) > 0 {
		tmpl.Subject.CommonName = names[0]
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// LoopbackLeaf is a certificate valid now, as long as the CA, for the
// Loopback names and extra.
func (ca *CA) LoopbackLeaf(extra ...string) (tls.Certificate, error) {
	return ca.Issue(time.Now().Add(-time.Hour), ca.Cert.NotAfter, append(append([]string{}, Loopback...), extra...)...)
}

// PEM is the CA's certificate in PEM form, what curl --cacert and
// SSL_CERT_FILE read.
func (ca *CA) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// WriteCertFile writes the CA's certificate as PEM to path, for
// SSL_CERT_FILE.
func (ca *CA) WriteCertFile(path string) error {
	return os.WriteFile(path, ca.PEM(), 0o600)
}

func newSerial() (*big.Int, error) {
	return rand.Int(rand.Reader, big.NewInt(1<<62))
}
