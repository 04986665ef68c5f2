//! Settings: the user's message templates and question bank, edited here and saved where
//! `kith` reads them (`templates/<language>/<kind>.txt` and `questions.txt` in kith's config
//! folder), each checked by `kith-core` before it is saved; and the cadences and other
//! settings in force, shown.

use std::path::{Path as FsPath, PathBuf};

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use kith_core::drafts::{DraftKind, Language, Template};
use kith_core::learn;
use serde::Deserialize;

use crate::pages::{Form, render};
use crate::{App, Error};

struct TemplateView {
    language: &'static str,
    kind: &'static str,
    text: String,
    yours: bool,
}

#[derive(askama::Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    csrf: String,
    /// Where the files are saved, or `None` where there is no config folder.
    folder: Option<String>,
    templates: Vec<TemplateView>,
    variables: &'static str,
    questions: String,
    questions_yours: bool,
    cadences: Vec<(&'static str, &'static str)>,
    batch: usize,
    check_back: String,
    stale_after: String,
    /// Whether people log in, and so can log out.
    login: bool,
}

fn templates_file(folder: &FsPath, language: Language, kind: DraftKind) -> PathBuf {
    folder
        .join("templates")
        .join(language.as_str())
        .join(format!("{}.txt", kind.as_str()))
}

fn questions_file(folder: &FsPath) -> PathBuf {
    folder.join("questions.txt")
}

/// `GET /settings`.
pub(crate) async fn show(State(app): State<App>) -> Result<Html<String>, Error> {
    let settings = app.settings();
    let templates = Language::ALL
        .into_iter()
        .flat_map(|language| DraftKind::ALL.map(|kind| (language, kind)))
        .map(|(language, kind)| {
            let template = settings.templates.get(kind, language);
            TemplateView {
                language: language.as_str(),
                kind: kind.as_str(),
                text: template.as_str().to_owned(),
                yours: *template != Template::built_in(kind, language),
            }
        })
        .collect();
    let saved = match &settings.config_dir {
        Some(folder) => match std::fs::read_to_string(questions_file(folder)) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => {
                return Err(Error::Internal(format!(
                    "reading {}: {err}",
                    questions_file(folder).display()
                )));
            }
        },
        None => None,
    };
    render(&SettingsPage {
        csrf: app.csrf().to_owned(),
        folder: settings
            .config_dir
            .as_ref()
            .map(|folder| folder.display().to_string()),
        templates,
        variables: "{first_name} {origin} {my_name} {questions}",
        questions_yours: saved.is_some(),
        questions: saved.unwrap_or_else(|| learn::BUILT_IN.to_owned()),
        cadences: kith_core::queue::CLOSENESS.to_vec(),
        batch: settings.batch,
        check_back: settings.check_back.to_string(),
        stale_after: settings.stale_after.to_string(),
        login: app.login_required(),
    })
}

/// The template and question bank forms.
#[derive(Debug, Deserialize)]
pub(crate) struct TextForm {
    text: Option<String>,
    /// Present when the "use the built-in one" button was pressed.
    reset: Option<String>,
}

/// The config folder, or why nothing can be saved.
fn folder(app: &App) -> Result<PathBuf, Error> {
    app.settings().config_dir.clone().ok_or_else(|| {
        Error::Input(
            "kith cannot tell where its config folder is (no home folder), so it cannot save \
             settings"
                .to_owned(),
        )
    })
}

/// `POST /settings/templates/{language}/{kind}`: saves the user's template, checked first, or
/// with `reset` goes back to the built-in one.
pub(crate) async fn save_template(
    State(app): State<App>,
    Path((language, kind)): Path<(String, String)>,
    Form(form): Form<TextForm>,
) -> Result<Redirect, Error> {
    let language = language.parse::<Language>()?;
    let kind = DraftKind::ALL
        .into_iter()
        .find(|known| known.as_str() == kind)
        .ok_or_else(|| Error::NotFound(format!("there is no kind of draft `{kind}`")))?;
    let path = templates_file(&folder(&app)?, language, kind);
    let template = if form.reset.is_some() {
        remove(&path)?;
        Template::built_in(kind, language)
    } else {
        let text = normalise(form.text.as_deref().unwrap_or_default());
        let template = Template::parse(&text).map_err(|err| {
            Error::Input(format!(
                "the {} `{}` template was not saved: {err}; the variables are {{first_name}}, \
                 {{origin}}, {{my_name}} and {{questions}}",
                language.as_str(),
                kind.as_str()
            ))
        })?;
        save(&path, &text)?;
        template
    };
    app.change_settings(|settings| settings.templates.set(kind, language, template));
    Ok(Redirect::to(&format!(
        "/settings#template-{}-{}",
        language.as_str(),
        kind.as_str()
    )))
}

/// `POST /settings/questions`: saves the question bank, checked first, or with `reset` goes
/// back to the built-in one.
pub(crate) async fn save_questions(
    State(app): State<App>,
    Form(form): Form<TextForm>,
) -> Result<Redirect, Error> {
    let path = questions_file(&folder(&app)?);
    let questions = if form.reset.is_some() {
        remove(&path)?;
        learn::parse_bank(learn::BUILT_IN)?
    } else {
        let text = normalise(form.text.as_deref().unwrap_or_default());
        let questions = learn::parse_bank(&text)
            .map_err(|err| Error::Input(format!("the question bank was not saved: {err}")))?;
        if questions.is_empty() {
            return Err(Error::Input(
                "the question bank was not saved: it has no questions; write one \
                 `kind: question` a line, or use the built-in bank"
                    .to_owned(),
            ));
        }
        save(&path, &text)?;
        questions
    };
    app.change_settings(|settings| settings.questions = questions);
    Ok(Redirect::to("/settings#questions"))
}

/// A browser sends a text area's lines ending in CRLF; the files are written as `kith`'s
/// own are, with LF, and end with one.
fn normalise(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Writes a settings file whole: to a temporary file beside it, then renamed over it, so that
/// `kith` never reads half of one.
fn save(path: &FsPath, text: &str) -> Result<(), Error> {
    let failed = |err: std::io::Error| Error::Internal(format!("saving {}: {err}", path.display()));
    let folder = path
        .parent()
        .ok_or_else(|| Error::Internal(format!("{} has no folder", path.display())))?;
    std::fs::create_dir_all(folder).map_err(failed)?;
    let file = tempfile::NamedTempFile::new_in(folder).map_err(failed)?;
    std::fs::write(file.path(), text).map_err(failed)?;
    file.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}

fn remove(path: &FsPath) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(Error::Internal(format!(
            "removing {}: {err}",
            path.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::crlf_lines("a\r\nb\r\n", "a\nb\n")]
    #[case::no_last_newline("a\nb", "a\nb\n")]
    #[case::already_so("a\n", "a\n")]
    fn text_from_a_browser_is_saved_with_unix_lines(#[case] given: &str, #[case] saved: &str) {
        assert_eq!(normalise(given), saved);
    }

    #[test]
    fn the_files_are_where_kith_reads_them() {
        let folder = FsPath::new("/home/u/.config/kith");
        assert_eq!(
            templates_file(folder, Language::Uk, DraftKind::NotNow),
            FsPath::new("/home/u/.config/kith/templates/uk/not-now.txt")
        );
        assert_eq!(
            questions_file(folder),
            FsPath::new("/home/u/.config/kith/questions.txt")
        );
    }
}
