//! Presenting a [`Bound`] request: what the server would see, for humans and as JSON
//! (`favorite-contract explain-request`, the mock's journal).

use super::{Bound, Format, Severity, error_body::HttpError};
use crate::model::{Record, ValueRef, record_json};
use serde_json::{Value, json};
use std::fmt::{self, Write as _};

/// One bound member as text: `null`, a number, `"text"`, a date in its wire form.
fn value_text(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => "null".to_owned(),
        ValueRef::Str(v) => format!("{v:?}"),
        ValueRef::Rows(rows) => format!("[{} rows]", rows.len()),
        scalar => scalar.text().unwrap_or_default().into_owned(),
    }
}

impl Bound {
    /// `{"format": …, "request": {…} | null, "diagnostics": […], "diagnostics_omitted": N}`;
    /// the request's members in contract order with their bound values (dates in wire form).
    pub fn to_json(&self) -> Value {
        let request = self.request.as_ref().map(|r| record_json(r));
        json!({
            "format": self.format,
            "request": request,
            "diagnostics": self.diagnostics,
            "diagnostics_omitted": self.diagnostics_omitted,
        })
    }

    /// What production answers when the request is null.
    pub fn null_outcome() -> HttpError {
        HttpError::internal_error()
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reader = match self.format {
            Some(Format::Json) => "Json.NET (JsonMediaTypeFormatter)",
            Some(Format::Xml) => "DataContractSerializer (XmlMediaTypeFormatter)",
            Some(Format::Form) => "form binding (JQueryMvcFormUrlEncodedFormatter)",
            None => "none (empty body without a Content-Type)",
        };
        writeln!(f, "reader: {reader}")?;
        match &self.request {
            Some(request) => {
                writeln!(f, "request: bound; the action sees")?;
                let schema = request.schema();
                let width = schema
                    .fields
                    .iter()
                    .map(|x| x.name.len())
                    .max()
                    .unwrap_or(0);
                for (i, field) in schema.fields.iter().enumerate() {
                    let mut line = String::new();
                    let _ = write!(
                        line,
                        "  {:width$} = {}",
                        field.name,
                        value_text(request.field(i))
                    );
                    let touched = self
                        .diagnostics
                        .iter()
                        .filter(|d| d.field.as_deref() == Some(field.name.as_str()))
                        .filter(|d| d.severity >= Severity::Warning)
                        .count();
                    if touched > 0 {
                        let _ = write!(line, "   <- see {touched} diagnostic(s)");
                    }
                    writeln!(f, "{line}")?;
                }
            }
            None => writeln!(
                f,
                "request: null; production answers HTTP 500 {{\"Message\":\"{}\"}}",
                HttpError::internal_error().message
            )?,
        }
        if self.diagnostics.is_empty() {
            writeln!(f, "diagnostics: none")
        } else {
            writeln!(f, "diagnostics ({}):", self.diagnostics.len())?;
            for d in &self.diagnostics {
                writeln!(f, "  {d}")?;
            }
            if self.diagnostics_omitted > 0 {
                writeln!(
                    f,
                    "  … and {} more, not kept (at most {} per body)",
                    self.diagnostics_omitted,
                    super::MAX_DIAGNOSTICS
                )?;
            }
            Ok(())
        }
    }
}
