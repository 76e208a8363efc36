package apiclient

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// proxyFromEnv reads HTTPS_PROXY and NO_PROXY (or their lower-case forms)
// once, now. net/http's ProxyFromEnvironment reads them only once per
// process, which would make a later change, or a test, silently ignored.
//
// The rules follow Go's own: the proxy applies to https requests; NO_PROXY
// holds comma-separated host names (matching the name and its subdomains;
// a leading "." or "*." matches subdomains only), IP addresses, CIDR ranges,
// each optionally with a port, or "*" for everything; localhost and loopback
// addresses never use a proxy.
func proxyFromEnv() (func(*http.Request) (*url.URL, error), error) {
	raw := getenvEither("HTTPS_PROXY", "https_proxy")
	if raw == "" {
		return func(*http.Request) (*url.URL, error) { return nil, nil }, nil
	}
	proxyURL, err := parseProxy(raw)
	if err != nil {
		return nil, err
	}
	np := parseNoProxy(getenvEither("NO_PROXY", "no_proxy"))
	return func(req *http.Request) (*url.URL, error) {
		if np.bypass(req.URL.Hostname(), portOr443(req.URL)) {
			return nil, nil
		}
		return proxyURL, nil
	}, nil
}

func getenvEither(upper, lower string) string {
	if v := os.Getenv(upper); v != "" {
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(os.Getenv(lower))
}

// parseProxy checks a proxy address. Like Go, it takes a bare "host:port"
// as an http proxy. The address is not repeated in messages: it may hold a
// password.
func parseProxy(raw string) (*url.URL, error) {
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err == nil && u.Hostname() != "" {
		switch u.Scheme {
		case "http", "https", "socks5", "socks5h":
			return u, nil
		}
	}
	return nil, &ConfigError{ConfigBadProxy, "HTTPS_PROXY"}
}

// noProxy is a parsed NO_PROXY list.
type noProxy struct {
	all   bool
	rules []noProxyRule
}

type noProxyRule struct {
	ipNet   *net.IPNet // for an IP address or CIDR range
	domain  string     // lower case, without a leading dot
	subOnly bool       // the entry began with "." or "*.": subdomains only
	port    string     // "" matches any port
}

func parseNoProxy(list string) noProxy {
	var np noProxy
	for _, entry := range strings.Split(list, ",") {
		entry = strings.ToLower(strings.TrimSpace(entry))
		if entry == "" {
			continue
		}
		if entry == "*" {
			np.all = true
			continue
		}
		if _, ipNet, err := net.ParseCIDR(entry); err == nil {
			np.rules = append(np.rules, noProxyRule{ipNet: ipNet})
			continue
		}
		var r noProxyRule
		host := entry
		if h, p, err := net.SplitHostPort(entry); err == nil {
			host, r.port = h, p
		}
		host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(host, "["), "*"), "]")
		if ip := net.ParseIP(host); ip != nil {
			r.ipNet = &net.IPNet{IP: ip, Mask: net.CIDRMask(len(ip)*8, len(ip)*8)}
		} else {
			r.subOnly = strings.HasPrefix(host, ".")
			r.domain = strings.TrimSuffix(strings.TrimPrefix(host, "."), ".")
			if r.domain == "" {
				continue
			}
		}
		np.rules = append(np.rules, r)
	}
	return np
}

// bypass reports whether a connection to host:port goes direct.
func (np noProxy) bypass(host, port string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	ip := net.ParseIP(host)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || ip != nil && ip.IsLoopback() {
		return true
	}
	if np.all {
		return true
	}
	for _, r := range np.rules {
		if r.port != "" && r.port != port {
			continue
		}
		switch {
		case r.ipNet != nil:
			if ip != nil && r.ipNet.Contains(ip) {
				return true
			}
		case host == r.domain:
			if !r.subOnly {
				return true
			}
		case strings.HasSuffix(host, "."+r.domain):
			return true
		}
	}
	return false
}
