//! The `otpauth://` URI an authenticator app reads, and its QR code drawn with Unicode half
//! blocks so it can be scanned straight off the terminal.
//!
//! The QR code is always rendered here from the seed; the PNG IAM returns is never used.
//! Each character holds two rows of modules. By default light modules are drawn as blocks and
//! dark ones as blanks, which scans correctly on the usual light-on-dark terminal; on a
//! terminal with a light background the blocks must be the dark modules instead.

use anyhow::Context;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use qrcode::{Color, QrCode};

/// Characters left as they are in URI components (RFC 3986 unreserved).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Light modules around the code; two are enough for phone cameras on a terminal.
const QUIET_ZONE: usize = 2;

/// `otpauth://totp/<issuer>:<user>?secret=<seed>&issuer=<issuer>` (Key Uri Format).
pub fn otpauth_uri(issuer: &str, user: &str, seed_base32: &str) -> String {
    let enc = |s: &str| utf8_percent_encode(s, COMPONENT).to_string();
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}",
        enc(issuer),
        enc(user),
        seed_base32,
        enc(issuer)
    )
}

/// The terminal's colours, which decide whether blocks stand for light or dark modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    /// Light text on a dark background: blocks are the light modules.
    #[default]
    Dark,
    /// Dark text on a light background: blocks are the dark modules.
    Light,
}

/// The QR code of `text` as lines of half-block characters, quiet zone included.
pub fn render(text: &str, background: Background) -> anyhow::Result<String> {
    let code = QrCode::new(text.as_bytes()).context("the text is too long for a QR code")?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    // Outside the code (the quiet zone, and the row below an odd-sized code) is light.
    let light = |x: usize, y: usize| -> bool {
        let (Some(cx), Some(cy)) = (x.checked_sub(QUIET_ZONE), y.checked_sub(QUIET_ZONE)) else {
            return true;
        };
        if cx >= width || cy >= width {
            return true;
        }
        colors.get(cy * width + cx) != Some(&Color::Dark)
    };
    // Whether the module at (x, y) is drawn with ink (the terminal's text colour).
    let inked = |x: usize, y: usize| light(x, y) == (background == Background::Dark);
    let mut out = String::with_capacity(size * (size / 2 + 1) * 3);
    for y in (0..size).step_by(2) {
        for x in 0..size {
            out.push(match (inked(x, y), inked(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rebuilds a greyscale bitmap (light 255, dark 0; `scale` pixels per module) from
    /// half-block lines as a terminal with `background` shows them, and decodes it.
    fn decode(rendered: &str, scale: usize, background: Background) -> String {
        let ink = if background == Background::Dark {
            255
        } else {
            0
        };
        let rows: Vec<Vec<bool>> = rendered
            .lines()
            .flat_map(|line| {
                let top = line.chars().map(|c| matches!(c, '█' | '▀')).collect();
                let bottom = line.chars().map(|c| matches!(c, '█' | '▄')).collect();
                [top, bottom]
            })
            .collect();
        let (w, h) = (rows[0].len() * scale, rows.len() * scale);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            if rows[y / scale][x / scale] {
                ink
            } else {
                255 - ink
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the picture");
        let (_, content) = grids[0].decode().expect("the QR code decodes");
        content
    }

    #[test]
    fn the_rendered_code_decodes_to_the_uri() {
        let uri = otpauth_uri("my-org", "alice", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        let text = render(&uri, Background::Dark).expect("renders");
        assert_eq!(decode(&text, 4, Background::Dark), uri);
        let light = render(&uri, Background::Light).expect("renders");
        assert_eq!(decode(&light, 4, Background::Light), uri);
        assert_ne!(light, text, "the light-background code is the inverse");
        let size = text.lines().next().map_or(0, |l| l.chars().count());
        assert!(text.lines().all(|l| l.chars().count() == size));
        assert_eq!(
            text.lines().count(),
            size.div_ceil(2),
            "two module rows per line"
        );
    }

    #[test]
    fn labels_are_percent_encoded() {
        assert_eq!(
            otpauth_uri("123456789012", "ops@example.com", "ABC"),
            "otpauth://totp/123456789012:ops%40example.com?secret=ABC&issuer=123456789012"
        );
        assert_eq!(
            otpauth_uri("My Org", "a+b", "ABC"),
            "otpauth://totp/My%20Org:a%2Bb?secret=ABC&issuer=My%20Org"
        );
    }
}
