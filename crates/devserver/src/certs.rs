//! The devserver's certificates: a CA made at start-up and a leaf it signs.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// Names the leaf certificate is valid for (IP literals become IP SANs).
pub(crate) const SUBJECT_ALT_NAMES: [&str; 5] = [
    "minihost.test",
    "*.minihost.test",
    "localhost",
    "127.0.0.1",
    "::1",
];

/// The generated CA and leaf, in the forms the server and the callers need.
pub(crate) struct Certs {
    /// The CA certificate, PEM.
    pub(crate) ca_pem: String,
    /// The leaf certificate, PEM.
    pub(crate) leaf_pem: String,
    /// The leaf's private key, PEM (PKCS#8).
    pub(crate) key_pem: String,
    /// Leaf then CA, DER, for the TLS server.
    pub(crate) chain: Vec<CertificateDer<'static>>,
    /// The leaf's private key (PKCS#8).
    pub(crate) key: PrivateKeyDer<'static>,
}

fn to_io(err: rcgen::Error) -> io::Error {
    io::Error::other(format!("certificate generation failed: {err}"))
}

/// A value unique to this process and call, for serial numbers and dir names.
pub(crate) fn unique_token() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    nanos ^ (u64::from(std::process::id()) << 32) ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

fn serial() -> SerialNumber {
    // Positive, non-zero, 9 bytes: a leading 0x01 keeps it positive in DER.
    let mut bytes = vec![0x01];
    bytes.extend_from_slice(&unique_token().to_be_bytes());
    SerialNumber::from_slice(&bytes)
}

/// Makes a fresh CA and a leaf signed by it.
pub(crate) fn generate() -> io::Result<Certs> {
    let token = unique_token();

    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(to_io)?;
    ca_params.distinguished_name = rcgen::DistinguishedName::new();
    ca_params.distinguished_name.push(
        DnType::CommonName,
        format!("minihost devserver CA {token:016x}"),
    );
    ca_params
        .distinguished_name
        .push(DnType::OrganizationName, "minihost");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
    ];
    ca_params.not_before = date_time_ymd(2024, 1, 1);
    ca_params.not_after = date_time_ymd(2099, 12, 31);
    ca_params.serial_number = Some(serial());
    let ca_key = KeyPair::generate().map_err(to_io)?;
    let ca_cert = ca_params.self_signed(&ca_key).map_err(to_io)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let names: Vec<String> = SUBJECT_ALT_NAMES.iter().map(|s| s.to_string()).collect();
    let mut leaf_params = CertificateParams::new(names).map_err(to_io)?;
    leaf_params.distinguished_name = rcgen::DistinguishedName::new();
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "minihost.test");
    leaf_params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.not_before = date_time_ymd(2024, 1, 1);
    leaf_params.not_after = date_time_ymd(2099, 12, 31);
    leaf_params.serial_number = Some(serial());
    let leaf_key = KeyPair::generate().map_err(to_io)?;
    let leaf_cert = leaf_params.signed_by(&leaf_key, &issuer).map_err(to_io)?;

    Ok(Certs {
        ca_pem: ca_cert.pem(),
        leaf_pem: leaf_cert.pem(),
        key_pem: leaf_key.serialize_pem(),
        chain: vec![leaf_cert.der().clone(), ca_cert.der().clone()],
        key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
    })
}

/// Writes `ca.pem`, `cert.pem` (leaf then CA) and `key.pem` into `dir`
/// (created if missing); returns the path of `ca.pem`.
pub(crate) fn write_files(dir: &Path, certs: &Certs) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let ca_path = dir.join("ca.pem");
    std::fs::write(&ca_path, &certs.ca_pem)?;
    std::fs::write(
        dir.join("cert.pem"),
        format!("{}{}", certs.leaf_pem, certs.ca_pem),
    )?;
    std::fs::write(dir.join("key.pem"), &certs.key_pem)?;
    Ok(ca_path)
}
