//! CloudTrail's digest signing, which moto does not emulate: `ListPublicKeys` answers with the
//! test kit's own RSA key pair (`data/digest-signing-key.der`, PKCS #1, made for these tests and used
//! nowhere else), and [`sign`] signs digests with it as CloudTrail signs with its Regional keys.

use std::sync::OnceLock;

use ring::rand::SystemRandom;
use ring::signature::{KeyPair, RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::json;

use super::errors::{json as json_reply, Reply};

fn pair() -> &'static RsaKeyPair {
    static PAIR: OnceLock<RsaKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| {
        RsaKeyPair::from_der(include_bytes!("../../data/digest-signing-key.der"))
            .expect("the test kit's key pair parses")
    })
}

/// The fingerprint digests signed by the test kit name.
pub const FINGERPRINT: &str = "7e57ab1e0000000000000000000000d1";

/// The public key, DER-encoded PKCS #1, as `ListPublicKeys` returns it.
pub fn public_key_der() -> Vec<u8> {
    pair().public_key().as_ref().to_vec()
}

/// The hex SHA256withRSA signature of `message`.
pub fn sign(message: &[u8]) -> String {
    let mut sig = vec![0; pair().public().modulus_len()];
    pair()
        .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut sig)
        .expect("signing with the test kit's key");
    sig.iter().map(|b| format!("{b:02x}")).collect()
}

/// Answers `ListPublicKeys`: the test kit's key, valid from 2000 to 2100.
pub(crate) fn list_public_keys() -> Reply {
    use base64::Engine;
    json_reply(&json!({
        "PublicKeyList": [{
            "Value": base64::engine::general_purpose::STANDARD.encode(public_key_der()),
            "ValidityStartTime": 946_684_800,
            "ValidityEndTime": 4_102_444_800_u64,
            "Fingerprint": FINGERPRINT,
        }]
    }))
}
