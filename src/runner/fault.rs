//! Test-only fault injection: the integration tests make the real binary panic at a named
//! point to prove that an internal failure is never a pass and never a raw panic.
//!
//! Only debug builds (the ones `cargo test` runs) read [`FAULT_ENV`]; in a release build
//! [`point`] compiles to nothing, so the shipped binary cannot be made to fail this way.

/// The variable naming the point to panic at (`command`, `probe`, `exchange`, `snapshot`,
/// `helper`: a [`Fault`] in kebab case).
#[cfg_attr(
    not(debug_assertions),
    allow(dead_code, reason = "read by debug builds only")
)]
pub(crate) const FAULT_ENV: &str = "FAVORITE_CONTRACT_DEBUG_PANIC_AT";

/// Where a fault can be injected (named in kebab case: `command`, `probe`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Fault {
    /// At the start of any command, before it does anything.
    Command,
    /// Inside the probe that `check` and `snapshot` run before any case.
    Probe,
    /// Before a check case's request is sent (`check`, `--replay`, shrinking).
    Exchange,
    /// Before a snapshot case is recorded or checked.
    Snapshot,
    /// In a helper task of `check` and `snapshot` (the signal listener), where nothing
    /// accounts for the panic.
    Helper,
}

/// The point [`FAULT_ENV`] names, read once (an unknown name arms nothing).
#[cfg(debug_assertions)]
fn armed() -> Option<Fault> {
    static ARMED: std::sync::OnceLock<Option<Fault>> = std::sync::OnceLock::new();
    *ARMED.get_or_init(|| {
        let value = std::env::var(FAULT_ENV).ok()?;
        clap::ValueEnum::from_str(value.trim(), false).ok()
    })
}

/// Panic here when a debug build was asked to (see the module docs); nothing otherwise.
#[track_caller]
pub(crate) fn point(at: Fault) {
    #[cfg(debug_assertions)]
    if armed() == Some(at) {
        let name = clap::ValueEnum::to_possible_value(&at)
            .map_or_else(String::new, |v| v.get_name().to_owned());
        panic!("injected panic at `{name}` ({FAULT_ENV})");
    }
    #[cfg(not(debug_assertions))]
    let _ = at;
}
