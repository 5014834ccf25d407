//! `HttpError` bodies (wire rules §4.4).
