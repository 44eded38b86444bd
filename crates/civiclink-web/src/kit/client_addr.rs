//! The client's address, for the per-address rate limits: the socket's peer, or behind a proxy
//! named in [`TrustedProxies`], the address that proxy appended to `X-Forwarded-For`.

use std::fmt;
use std::net::IpAddr;

use axum::extract::ConnectInfo;
use axum::extract::Request;
use ipnet::IpNet;

/// The client's address, as [`client_ip`] decided it for this request.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

/// The reverse proxies whose `X-Forwarded-For` is believed: addresses (`127.0.0.1`) or networks
/// (`10.0.0.0/8`). Empty (the default), the header is never read.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ProxyList", into = "Vec<String>")]
pub struct TrustedProxies(Vec<IpNet>);

/// As written in the file (a list) or in `CIVICLINK_TRUSTED_PROXIES` (a comma-separated string).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum ProxyList {
    Many(Vec<String>),
    One(String),
}

/// An entry of `trusted_proxies` that is neither an address nor a network.
#[derive(Debug, thiserror::Error)]
#[error("trusted_proxies: {0:?} is neither an IP address nor a network such as 10.0.0.0/8")]
pub struct BadProxy(String);

impl TrustedProxies {
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, BadProxy> {
        entries
            .iter()
            .map(|e| {
                let e = e.as_ref().trim();
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| BadProxy(e.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.0.iter().any(|net| net.contains(&addr))
    }
}

impl TryFrom<ProxyList> for TrustedProxies {
    type Error = BadProxy;
    fn try_from(v: ProxyList) -> Result<Self, BadProxy> {
        match v {
            ProxyList::Many(v) => Self::parse(&v),
            ProxyList::One(s) if s.trim().is_empty() => Ok(Self::default()),
            ProxyList::One(s) => Self::parse(&s.split(',').collect::<Vec<_>>()),
        }
    }
}

impl From<TrustedProxies> for Vec<String> {
    fn from(p: TrustedProxies) -> Self {
        p.0.iter().map(ToString::to_string).collect()
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all: Vec<String> = self.clone().into();
        f.write_str(&all.join(", "))
    }
}

/// The client's address. `X-Forwarded-For` counts only when the socket's peer is a trusted
/// proxy. Its entries are then read from the right (a proxy appends its client to the end,
/// after whatever the client sent, on the last line or a line of its own): the first one that is
/// not itself a trusted proxy is the client. Entries to its left were written by the client and
/// are never believed.
pub(crate) fn client_ip(req: &Request, trusted: &TrustedProxies) -> String {
    let Some(peer) = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_canonical())
    else {
        return "unknown".to_owned();
    };
    if trusted.is_empty() || !trusted.contains(peer) {
        return peer.to_string();
    }
    from_forwarded(req.headers(), peer, trusted).to_string()
}

fn from_forwarded(
    headers: &axum::http::HeaderMap,
    peer: IpAddr,
    trusted: &TrustedProxies,
) -> IpAddr {
    let lines: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let mut client = peer;
    for entry in lines
        .iter()
        .rev()
        .flat_map(|l| l.rsplit(','))
        .map(str::trim)
    {
        if entry.is_empty() {
            continue;
        }
        // An entry that is not an address (a port, a name, garbage) ends the walk: what lies
        // to its left cannot be vouched for.
        let Ok(addr) = entry.parse::<IpAddr>() else {
            break;
        };
        client = addr.to_canonical();
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::*;
    use axum::http::HeaderMap;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append("x-forwarded-for", l.parse().expect("header"));
        }
        h
    }

    #[test]
    fn entries_are_addresses_or_networks() {
        let p = TrustedProxies::parse(&["127.0.0.1", "10.0.0.0/8", "::1", " fd00::/8 "])
            .expect("valid");
        assert!(p.contains(ip("127.0.0.1")));
        assert!(!p.contains(ip("127.0.0.2")));
        assert!(p.contains(ip("10.200.3.4")));
        assert!(p.contains(ip("::1")));
        assert!(
            p.contains(ip("::ffff:127.0.0.1")),
            "IPv4-mapped IPv6 is IPv4"
        );
        assert!(p.contains(ip("fd12::1")));
        for bad in ["localhost", "10.0.0.0/33", "", "127.0.0.1:80"] {
            assert!(TrustedProxies::parse(&[bad]).is_err(), "{bad:?}");
        }
        let round: Vec<String> = p.clone().into();
        assert_eq!(
            TrustedProxies::try_from(ProxyList::Many(round)).expect("again"),
            p
        );
        let joined = ProxyList::One("127.0.0.1, 10.0.0.0/8,::1,fd00::/8".into());
        assert_eq!(TrustedProxies::try_from(joined).expect("joined"), p);
    }

    #[test]
    fn the_client_is_the_first_untrusted_entry_from_the_right() {
        let one = TrustedProxies::parse(&["127.0.0.1"]).expect("valid");
        let two = TrustedProxies::parse(&["127.0.0.1", "192.0.2.0/24"]).expect("valid");
        let peer = ip("127.0.0.1");
        let at = |p: &TrustedProxies, lines: &[&str]| from_forwarded(&headers(lines), peer, p);
        // What the client wrote is to the left of what the proxy appended.
        assert_eq!(at(&one, &["10.0.0.1, 198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(at(&one, &["10.0.0.1", "198.51.100.7"]), ip("198.51.100.7"));
        // A chain of trusted proxies is walked through.
        assert_eq!(
            at(&two, &["10.0.0.1, 198.51.100.7, 192.0.2.5"]),
            ip("198.51.100.7")
        );
        assert_eq!(
            at(&one, &["10.0.0.1, 198.51.100.7, 192.0.2.5"]),
            ip("192.0.2.5")
        );
        // Nothing, or nothing usable, leaves the proxy itself.
        assert_eq!(at(&one, &[]), peer);
        assert_eq!(at(&one, &["not-an-address"]), peer);
        // Garbage stops the walk: what is left of it is not believed.
        assert_eq!(
            at(&two, &["198.51.100.9, junk, 192.0.2.5"]),
            ip("192.0.2.5")
        );
        assert_eq!(at(&one, &["::ffff:198.51.100.7"]), ip("198.51.100.7"));
    }
}
