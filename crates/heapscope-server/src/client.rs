//! Who a run belongs to, for the queue's one-place-per-client rule.
//!
//! The page sends `X-Heapscope-Client`: a random id it makes once per tab (kept in
//! `sessionStorage`). A tab is the unit that matters: two students behind one school NAT
//! are two clients, and one student's newer run replaces only their own waiting run. A
//! request without it (curl, a script) is known by its address: the peer's, or, when the
//! peer is a proxy on loopback or a private network, the address that proxy appended last
//! to `X-Forwarded-For` (what the proxy itself saw, so a client cannot choose it). The id
//! is the client's own word, so the rule keeps honest pages fair; the queue's bounds, not
//! this rule, are what hold against a hostile one.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

/// The header the page sends.
pub const CLIENT_HEADER: &str = "x-heapscope-client";

/// The client of a request with `headers` from `peer` (unknown in tests without a socket).
pub fn client_id(headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    if let Some(id) = headers
        .get(CLIENT_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (8..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    {
        return format!("tab:{id}");
    }
    let Some(peer) = peer else {
        return "addr:unknown".into();
    };
    let ip = peer.ip();
    if is_proxy(ip) {
        if let Some(fwd) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
        {
            return format!("addr:{fwd}");
        }
    }
    format!("addr:{ip}")
}

/// Loopback or a private network: where a load balancer in front of the server sits.
fn is_proxy(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || (v6.segments()[0] & 0xfe00) == 0xfc00 // unique local
                || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback() || v4.is_private())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn a_tab_id_wins_then_the_proxy_seen_address_then_the_peer() {
        let peer: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let public: SocketAddr = "203.0.113.9:4000".parse().unwrap();
        assert_eq!(
            client_id(&headers(&[(CLIENT_HEADER, "tab-0123456789")]), Some(peer)),
            "tab:tab-0123456789"
        );
        // Not a well-formed id: known by address instead.
        assert_eq!(
            client_id(&headers(&[(CLIENT_HEADER, "x y")]), Some(public)),
            "addr:203.0.113.9"
        );
        let fwd = headers(&[("x-forwarded-for", "10.9.9.9, 198.51.100.7")]);
        assert_eq!(client_id(&fwd, Some(peer)), "addr:198.51.100.7");
        // From a public peer, X-Forwarded-For is the client's own word: ignored.
        assert_eq!(client_id(&fwd, Some(public)), "addr:203.0.113.9");
    }
}
