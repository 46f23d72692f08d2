//! The checks, one per file. Adding a check: write the file, add it to `checks!` below.

macro_rules! checks {
    ($($module:ident :: $ty:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every check, in report order.
        pub static ALL: &[&dyn crate::Check] = &[$(&$module::$ty),*];
    };
}

checks! {
    root_access_keys::RootAccessKeys,
}
