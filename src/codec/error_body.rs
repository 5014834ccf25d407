//! `HttpError` bodies (wire rules §4.4). STUB for the explain module; the form helper writes it.

/// An HttpError.
#[derive(Debug, Clone)]
pub struct HttpError {
    /// Message.
    pub message: String,
}

impl HttpError {
    /// 500.
    pub fn internal_error() -> HttpError {
        HttpError {
            message: "An error has occurred.".into(),
        }
    }
}
