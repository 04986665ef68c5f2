//! Closed vocabularies: enums whose values have one name each, used alike on the command line,
//! in JSON and in the database.

/// Declares a closed vocabulary: the enum, `ALL` (in declaration order), `as_str`, `Display`,
/// and `FromStr` (ignoring case and surrounding spaces, unknown names becoming the error the
/// caller names).
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)+
        }
        unknown: $unknown:path;
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order help lists them.
            pub const ALL: [Self; [$($text),+].len()] = [$(Self::$variant),+];

            /// The name used on the command line, in JSON and in the database.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::Error;

            /// Reads a value by name, ignoring case and surrounding spaces.
            fn from_str(text: &str) -> Result<Self, $crate::Error> {
                let wanted = text.trim().to_ascii_lowercase();
                Self::ALL
                    .into_iter()
                    .find(|value| value.as_str() == wanted)
                    .ok_or_else(|| $unknown(text.to_owned()))
            }
        }
    };
}

pub(crate) use vocabulary;
