//! The contract file agrees with the help page and the typed model.
