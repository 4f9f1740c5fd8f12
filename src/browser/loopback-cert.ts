// A throwaway certificate for loopback (127.0.0.1, ::1, localhost, *.localhost), made with openssl on
// 2026-12-02, valid ten years. Its key is public on purpose: it only ever serves an https page's
// routed requests on this machine, to a browser told to ignore certificate errors (ignoreHTTPSErrors).
// It proves nothing about identity and must never guard anything.

/** PEM key of the loopback certificate that `sse.route()` serves https pages with. */
export const LOOPBACK_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgxfSmBoN4HytaoBAK
1YVl8x0BG81FHY2VcxE454LccA6hRANCAASnkL+WjxVbDOgGd5LrIAUirYVHkbkv
wsqH+BOHlnis+vO0ZRkqbY28pSgjYIVYZBQQGFrLgDVF1EllaL2tDYEd
-----END PRIVATE KEY-----
`;

/** PEM certificate matching {@link LOOPBACK_KEY}. */
export const LOOPBACK_CERT = `-----BEGIN CERTIFICATE-----
MIIByzCCAXCgAwIBAgIUCyjHaunH3KImxs+olsBIsl74xB0wCgYIKoZIzj0EAwIw
HDEaMBgGA1UEAwwRc3NlLXRlc3QgbG9vcGJhY2swHhcNMjYxMjAyMTQzMTI5WhcN
MzYxMTI5MTQzMTI5WjAcMRowGAYDVQQDDBFzc2UtdGVzdCBsb29wYmFjazBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABKeQv5aPFVsM6AZ3kusgBSKthUeRuS/Cyof4
E4eWeKz687RlGSptjbylKCNghVhkFBAYWsuANUXUSWVova0NgR2jgY8wgYwwHQYD
VR0OBBYEFNZm6HkqtM5s1oD/6SBpWYj8fyS+MB8GA1UdIwQYMBaAFNZm6HkqtM5s
1oD/6SBpWYj8fyS+MA8GA1UdEwEB/wQFMAMBAf8wOQYDVR0RBDIwMIcEfwAAAYcQ
AAAAAAAAAAAAAAAAAAAAAYIJbG9jYWxob3N0ggsqLmxvY2FsaG9zdDAKBggqhkjO
PQQDAgNJADBGAiEAus8vMODhT2L21XmWpDlewSOpWljCAppLomqCvzprFmcCIQCm
8y4X7gq9iGpAjzAtdpQGM8Z5XN1PbJX2gA7GiMeZAw==
-----END CERTIFICATE-----
`;
