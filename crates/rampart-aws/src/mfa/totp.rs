//! Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps,
//! six digits, the scheme AWS virtual MFA devices use.
//!
//! Enrolment checks the two codes a person types against the seed before AWS sees them, so a
//! typo or a phone with a wrong clock is caught with a precise message. Pure functions only:
//! no clock, no I/O (callers pass the time).

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per time step.
pub const STEP_SECONDS: u64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Steps either side of the current one that still count as "on time".
pub const TOLERANCE_STEPS: u64 = 1;
/// How far (in steps) to look for codes from a device whose clock is wrong: one day.
pub const DRIFT_SEARCH_STEPS: u64 = 2 * 60 * 24;

/// A base32 seed that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the MFA seed is not valid base32 (character {position})")]
pub struct Base32Error {
    pub position: usize,
}

/// Decodes RFC 4648 base32 (upper or lower case; padding and spaces ignored).
pub fn decode_base32(text: &str) -> Result<Vec<u8>, Base32Error> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u64, 0u32);
    for (position, c) in text.chars().enumerate() {
        let value = match c.to_ascii_uppercase() {
            '=' | ' ' => continue,
            c @ 'A'..='Z' => c as u64 - 'A' as u64,
            c @ '2'..='7' => c as u64 - '2' as u64 + 26,
            _ => return Err(Base32Error { position }),
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// The time step a Unix time falls in.
pub fn step_at(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The HOTP value of `key` at counter `step`, `digits` long (RFC 4226, section 5.3).
pub fn code(key: &[u8], step: u64, digits: u32) -> u32 {
    // HMAC accepts keys of any length, so this never fails.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(key) else {
        return 0;
    };
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let word = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    word % 10u32.pow(digits.min(9))
}

/// A six-digit code as typed: exactly six ASCII digits (spaces inside are dropped).
pub fn parse_code(typed: &str) -> Option<u32> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// What two consecutive codes say about a seed and a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairCheck {
    /// The codes are consecutive and current (within [`TOLERANCE_STEPS`]).
    Valid,
    /// The codes are consecutive but from a device clock off by this many seconds (positive:
    /// the device is ahead).
    ClockDrift { seconds: i64 },
    /// Both codes are the same: the second was typed before the code changed.
    Repeated,
    /// The codes are valid but in the wrong order or not consecutive.
    NotConsecutive,
    /// Neither code matches this seed anywhere near now: a typo or another account's entry.
    NoMatch,
}

/// Checks `first` then `second` against `key` at `now_step`.
///
/// The pair is accepted when it starts between `now_step - 2` and `now_step + 1`: each code
/// is then within one step of the current one, allowing for the time it takes to type them.
pub fn check_pair(key: &[u8], first: u32, second: u32, now_step: u64) -> PairCheck {
    if first == second {
        return PairCheck::Repeated;
    }
    let pair_at = |s: u64| code(key, s, DIGITS) == first && code(key, s + 1, DIGITS) == second;
    let low = now_step.saturating_sub(TOLERANCE_STEPS + 1);
    if (low..=now_step + TOLERANCE_STEPS).any(pair_at) {
        return PairCheck::Valid;
    }
    // Nearest steps first, so the reported drift is the smallest that explains the codes.
    for distance in 1..=DRIFT_SEARCH_STEPS {
        let ahead = now_step + distance;
        if pair_at(ahead) {
            return PairCheck::ClockDrift {
                seconds: (distance * STEP_SECONDS) as i64,
            };
        }
        if let Some(behind) = now_step.checked_sub(distance + 1) {
            if pair_at(behind) {
                let steps = distance as i64 + 1;
                return PairCheck::ClockDrift {
                    seconds: -steps * STEP_SECONDS as i64,
                };
            }
        }
    }
    let near = now_step.saturating_sub(DRIFT_SEARCH_STEPS)..=now_step + DRIFT_SEARCH_STEPS;
    let known = |c: u32| near.clone().any(|s| code(key, s, DIGITS) == c);
    if known(first) && known(second) {
        PairCheck::NotConsecutive
    } else {
        PairCheck::NoMatch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
    const RFC_KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_6238_sha1_test_vectors() {
        let vectors = [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        for (time, expected) in vectors {
            assert_eq!(code(RFC_KEY, step_at(time), 8), expected, "T = {time}");
        }
    }

    #[test]
    fn rfc_4226_hotp_vectors_at_six_digits() {
        let expected = [755224, 287082, 359152, 969429, 338314];
        for (counter, want) in expected.into_iter().enumerate() {
            assert_eq!(code(RFC_KEY, counter as u64, 6), want);
        }
    }

    #[test]
    fn base32_round_trip_of_the_rfc_key() {
        assert_eq!(
            decode_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").as_deref(),
            Ok(RFC_KEY)
        );
        assert_eq!(decode_base32("gezdgnbv"), decode_base32("GEZDGNBV"));
        assert_eq!(decode_base32("MZXW6==="), Ok(b"foo".to_vec()));
        assert_eq!(decode_base32("AB1C"), Err(Base32Error { position: 2 }));
    }

    #[test]
    fn codes_parse_only_as_six_digits() {
        assert_eq!(parse_code(" 012 345\n"), Some(12345));
        assert_eq!(parse_code("12345"), None);
        assert_eq!(parse_code("1234567"), None);
        assert_eq!(parse_code("12a456"), None);
        assert_eq!(parse_code("+12345"), None);
    }

    #[test]
    fn pairs_within_a_step_pass_and_others_say_why() {
        let now = step_at(1_790_000_000);
        let at = |s: u64| code(RFC_KEY, s, DIGITS);
        assert_eq!(
            check_pair(RFC_KEY, at(now), at(now + 1), now),
            PairCheck::Valid
        );
        assert_eq!(
            check_pair(RFC_KEY, at(now - 2), at(now - 1), now),
            PairCheck::Valid
        );
        assert_eq!(
            check_pair(RFC_KEY, at(now + 10), at(now + 11), now),
            PairCheck::ClockDrift { seconds: 300 }
        );
        assert_eq!(
            check_pair(RFC_KEY, at(now - 11), at(now - 10), now),
            PairCheck::ClockDrift { seconds: -330 }
        );
        assert_eq!(
            check_pair(RFC_KEY, at(now), at(now), now),
            PairCheck::Repeated
        );
        assert_eq!(
            check_pair(RFC_KEY, at(now + 1), at(now), now),
            PairCheck::NotConsecutive
        );
        // Codes that occur nowhere within a day of now (checked, so the test means something).
        let day = now - DRIFT_SEARCH_STEPS..=now + DRIFT_SEARCH_STEPS;
        let unused: Vec<u32> = (0..1_000_000u32)
            .step_by(7919)
            .filter(|c| !day.clone().any(|s| at(s) == *c))
            .take(2)
            .collect();
        assert_eq!(
            check_pair(RFC_KEY, unused[0], unused[1], now),
            PairCheck::NoMatch
        );
    }
}
