//! The login asked for when kith serves beyond this machine: every page and endpoint but the
//! login needs a session, got with the password set by `kith serve --set-password`; the
//! session's cookie is HttpOnly and SameSite=Strict; writes still need the form token.

mod util;

use http_body_util::Full;
use hyper::header;
use rstest::rstest;
use util::{Answer, TestApp, add_person, spawn_on};

const PASSWORD: &str = "correct horse battery";

/// A server on every interface, with a password set.
async fn behind_login() -> TestApp {
    let hash = kith_web::hash_password(PASSWORD).unwrap();
    spawn_on(
        "0.0.0.0:0",
        |store| {
            add_person(store, "Zoë Adams");
        },
        |settings| settings.password = Some(hash),
    )
    .await
}

async fn get_with(app: &TestApp, path: &str, cookie: Option<&str>) -> Answer {
    let mut request = app.request("GET", path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    app.send(request.body(Full::default()).unwrap()).await
}

/// Logs in and returns the session cookie (`name=value`).
async fn log_in(app: &TestApp) -> String {
    let answer = app
        .post_form("/login", &[("password", PASSWORD), ("next", "/people")])
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), "/people");
    let set = answer.header("set-cookie");
    set.split(';').next().unwrap().to_owned()
}

#[rstest]
#[case::today("/")]
#[case::a_person("/people/1")]
#[case::settings("/settings")]
#[case::import("/import")]
#[tokio::test]
async fn a_page_asked_for_without_logging_in_sends_the_browser_to_the_login(#[case] path: &str) {
    let app = behind_login().await;
    let answer = app.get(path).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.header("location"), format!("/login?next={path}"));
    assert!(!answer.body.contains("Zoë"));
}

#[rstest]
#[case::people("GET", "/api/v1/people")]
#[case::a_person("GET", "/api/v1/people/1")]
#[case::stats("GET", "/api/v1/stats")]
#[case::the_openapi_document("GET", "/api/v1/openapi.json")]
#[case::a_write("POST", "/api/v1/people/1/facts")]
#[tokio::test]
async fn the_api_without_a_session_is_401(#[case] method: &str, #[case] path: &str) {
    let app = behind_login().await;
    let request = app
        .request(method, path)
        .header("x-csrf-token", app.csrf.as_str())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(r#"{"kind":"goal","text":"forged"}"#.into()))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert!(
        answer.json()["error"]
            .as_str()
            .unwrap()
            .contains("log in first")
    );
}

#[tokio::test]
async fn the_login_page_and_the_assets_are_served_to_anyone() {
    let app = behind_login().await;
    let login = app.get("/login?next=/people").await;
    assert_eq!(login.status, 200);
    assert!(login.body.contains("type=\"password\""));
    assert!(login.body.contains("name=\"next\" value=\"/people\""));
    assert_eq!(app.get("/assets/style.css").await.status, 200);
}

#[tokio::test]
async fn the_right_password_gives_a_strict_http_only_session() {
    let app = behind_login().await;
    let answer = app
        .post_form("/login", &[("password", PASSWORD), ("next", "/people")])
        .await;
    let cookie = answer.header("set-cookie");
    for attribute in ["kith_session=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let session = log_in(&app).await;
    let people = get_with(&app, "/people", Some(&session)).await;
    assert_eq!(people.status, 200);
    assert!(people.body.contains("Zoë Adams"));
    let api = get_with(&app, "/api/v1/people", Some(&session)).await;
    assert_eq!(api.status, 200);
}

#[tokio::test]
async fn behind_a_tls_proxy_the_cookie_is_secure() {
    let app = behind_login().await;
    let body = format!("csrf={}&password={}", app.csrf, "correct%20horse%20battery");
    let request = app
        .request("POST", "/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .header(header::ORIGIN, format!("https://{}", app.address))
        .body(Full::new(body.into()))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert!(answer.header("set-cookie").contains("; Secure"));
}

#[rstest]
#[case::a_wrong_password("correct horse battery!")]
#[case::an_empty_one("")]
#[tokio::test]
async fn a_wrong_password_is_401_and_gives_no_session(#[case] password: &str) {
    let app = behind_login().await;
    let answer = app.post_form("/login", &[("password", password)]).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert!(answer.body.contains("That is not the password"));
    assert!(answer.header("set-cookie").is_empty());
}

#[rstest]
#[case::no_cookie(None)]
#[case::a_made_up_session(Some("kith_session=0123456789abcdef"))]
#[case::another_cookie(Some("theme=dark"))]
#[tokio::test]
async fn without_a_real_session_nothing_is_shown(#[case] cookie: Option<&str>) {
    let app = behind_login().await;
    let answer = get_with(&app, "/api/v1/people", cookie).await;
    assert_eq!(answer.status, 401);
}

#[tokio::test]
async fn logged_in_a_write_still_needs_the_form_token() {
    let app = behind_login().await;
    let session = log_in(&app).await;
    let forged = app
        .request("POST", "/people/1/facts")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, session.as_str())
        .body(Full::new("kind=goal&text=forged".into()))
        .unwrap();
    assert_eq!(app.send(forged).await.status, 403);
    let login_without_token = app.post_form_raw("/login", &[("password", PASSWORD)]).await;
    assert_eq!(login_without_token.status, 403);
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let app = behind_login().await;
    let session = log_in(&app).await;
    let body = format!("csrf={}", app.csrf);
    let request = app
        .request("POST", "/logout")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, session.as_str())
        .body(Full::new(body.into()))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, 303);
    assert!(answer.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(
        get_with(&app, "/api/v1/people", Some(&session))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn behind_a_login_the_server_answers_to_the_name_the_network_gives_it() {
    let app = behind_login().await;
    let session = log_in(&app).await;
    let request = app
        .request("GET", "/api/v1/stats")
        .header(header::HOST, "kith.lan:7777")
        .header(header::COOKIE, session.as_str())
        .body(Full::default())
        .unwrap();
    assert_eq!(app.send(request).await.status, 200);
}

#[tokio::test]
async fn every_interface_without_a_password_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = kith_web::App::open(&dir.path().join("kith.db"), util::settings()).unwrap();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let err = kith_web::serve(listener, app, async {}).await.unwrap_err();
    assert!(err.to_string().contains("--set-password"), "{err}");
    let address = "0.0.0.0:7777".parse().unwrap();
    assert!(kith_web::check_address(address, false).is_err());
    assert!(kith_web::check_address(address, true).is_ok());
}
