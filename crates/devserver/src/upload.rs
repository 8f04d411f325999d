//! `/upload` and `/upload/status/{code}`: a streaming multipart sink.
//!
//! Every part is read chunk by chunk into a SHA-256 hasher; only the first
//! [`TEXT_MAX`] bytes of a part without a file name are kept (for `fields`),
//! so an upload of any size runs in constant memory.

use std::fmt::Write as _;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::http::{error, headers_json, status_code};

/// A part without a file name and at most this long is reported in `fields`;
/// anything else is reported in `files`.
const TEXT_MAX: usize = 1 << 20;

pub(crate) async fn upload(
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    sink(StatusCode::OK, headers, multipart).await
}

pub(crate) async fn upload_status(
    Path(code): Path<u16>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    match status_code(code) {
        Ok(status) => sink(status, headers, multipart).await,
        Err(bad) => bad.into_response(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

async fn sink(
    status: StatusCode,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut multipart = match multipart {
        Ok(multipart) => multipart,
        Err(rejection) => return error(rejection.status(), rejection.body_text()),
    };
    let mut fields = Map::new();
    let mut files = Vec::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return error(StatusCode::BAD_REQUEST, format!("multipart: {err}")),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut text = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    hasher.update(&chunk);
                    size += chunk.len() as u64;
                    if file_name.is_none() && text.len() <= TEXT_MAX {
                        let room = TEXT_MAX + 1 - text.len();
                        text.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    }
                }
                Ok(None) => break,
                Err(err) => return error(StatusCode::BAD_REQUEST, format!("multipart: {err}")),
            }
        }
        if file_name.is_none() && size <= TEXT_MAX as u64 {
            let value = String::from_utf8_lossy(&text).into_owned();
            fields.insert(name, Value::String(value));
        } else {
            files.push(json!({
                "field": name,
                "fileName": file_name,
                "contentType": content_type,
                "size": size,
                "sha256": hex(&hasher.finalize()),
            }));
        }
    }
    let body = json!({
        "fields": fields,
        "files": files,
        "headers": headers_json(&headers, None),
    });
    (status, Json(body)).into_response()
}
