//! Address ranges as `aws:SourceIp` conditions write them (`203.0.113.0/24`, `2001:db8::/32`,
//! or a bare address), and the sample addresses the S3 analyses probe them with.

use std::net::IpAddr;

/// A parsed range: network address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub net: IpAddr,
    pub prefix: u8,
}

impl Range {
    pub fn parse(text: &str) -> Option<Range> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text.trim(), None),
        };
        let net: IpAddr = addr.parse().ok()?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Range { net, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let (a, b, bits) = match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => (
                u128::from(u32::from(n)) << 96,
                u128::from(u32::from(i)) << 96,
                self.prefix,
            ),
            (IpAddr::V6(n), IpAddr::V6(i)) => (u128::from(n), u128::from(i), self.prefix),
            _ => return false,
        };
        let mask = if bits == 0 {
            0
        } else {
            u128::MAX << (128 - u32::from(bits))
        };
        a & mask == b & mask
    }
}

/// Whether `ip` (an address) lies in `range` (a CIDR or an address); false when either does
/// not parse.
pub fn in_range(ip: &str, range: &str) -> bool {
    match (ip.trim().parse::<IpAddr>(), Range::parse(range)) {
        (Ok(ip), Some(r)) => r.contains(ip),
        _ => false,
    }
}

/// Addresses spread over both address spaces (IPv4 in sixteen /4 blocks, then IPv6), from
/// which an "address of anyone" is drawn.
fn spread() -> Vec<IpAddr> {
    let mut out: Vec<IpAddr> = (0u32..16)
        .map(|k| IpAddr::V4(std::net::Ipv4Addr::from((k << 28) | 0x0A0B_0C0D)))
        .collect();
    out.extend(
        ["2600:1f18::1", "2a05:d018::1", "2406:da00::1", "fd00::1"]
            .iter()
            .filter_map(|s| s.parse::<IpAddr>().ok()),
    );
    out
}

/// An IPv4 and an IPv6 address outside every one of `ranges`, where there is one among the
/// spread samples; where the ranges cover every sample of a family (`0.0.0.0/0`, or
/// `0.0.0.0/1` with `128.0.0.0/1`), a sample inside them, since then any caller is inside.
pub fn outsiders(ranges: &[String]) -> Vec<String> {
    let parsed: Vec<Range> = ranges.iter().filter_map(|r| Range::parse(r)).collect();
    let samples = spread();
    [true, false]
        .into_iter()
        .filter_map(|v4| {
            let family: Vec<IpAddr> = samples
                .iter()
                .copied()
                .filter(|a| a.is_ipv4() == v4)
                .collect();
            family
                .iter()
                .find(|a| !parsed.iter().any(|r| r.contains(**a)))
                .or(family.first())
                .map(ToString::to_string)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_contain_their_addresses() {
        assert!(in_range("10.1.2.3", "10.0.0.0/8"));
        assert!(!in_range("11.0.0.1", "10.0.0.0/8"));
        assert!(in_range("203.0.113.9", "0.0.0.0/0"));
        assert!(in_range("192.0.2.1", "192.0.2.1"));
        assert!(in_range("2001:db8::1", "2001:db8::/32"));
        assert!(!in_range("2001:db9::1", "2001:db8::/32"));
        assert!(!in_range("10.0.0.1", "::/0"), "families do not mix");
        assert!(!in_range("10.0.0.1", "10.0.0.0/33"));
    }

    #[test]
    fn outsiders_avoid_narrow_ranges_but_not_everything() {
        // The first IPv4 sample, 10.11.12.13, lies in 10.0.0.0/8: the search moves past it.
        let ranges = ["10.0.0.0/8".to_owned(), "2001:db8::/32".to_owned()];
        let narrow = outsiders(&ranges);
        assert_eq!(narrow.len(), 2, "one address per family: {narrow:?}");
        assert!(
            narrow[0].parse::<std::net::Ipv4Addr>().is_ok(),
            "{narrow:?}"
        );
        assert!(
            narrow[1].parse::<std::net::Ipv6Addr>().is_ok(),
            "{narrow:?}"
        );
        assert!(
            narrow
                .iter()
                .all(|a| ranges.iter().all(|r| !in_range(a, r))),
            "{narrow:?}"
        );
        // Ranges that cover a whole family still yield an address of it, from inside them.
        let every_v4 = outsiders(&["0.0.0.0/0".into()]);
        assert_eq!(every_v4.len(), 2, "{every_v4:?}");
        assert_eq!(every_v4[0], "10.11.12.13", "the first IPv4 sample");
        assert!(
            every_v4[1].parse::<std::net::Ipv6Addr>().is_ok(),
            "{every_v4:?}"
        );
        let halves = outsiders(&["0.0.0.0/1".into(), "128.0.0.0/1".into()]);
        assert_eq!(halves, every_v4, "two halves cover IPv4 as 0.0.0.0/0 does");
    }
}
