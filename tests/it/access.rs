//! Who may do what, for every route that reads or changes private data,
//! and hostile input to every form: forged tokens, replayed and expired
//! links, script, huge and disguised text, bad addresses, far-away points.

use crate::common;

use app::people::Role;
use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

const OWNED: &str = "sheffield-welcome-drop-in";
/// The owned listing's sample event.
const OWNED_EVENT: &str = "welcome-drop-in-sheffield";
const EVENT_FIELDS: [(&str, &str); 5] =
    [("title", "Welcome drop-in"), ("category", "drop_in"), ("date", "2027-01-06"), ("start_time", "13:00"), ("end_time", "16:00")];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Owner,
    OtherOrganiser,
    Moderator,
    Admin,
}

const EVERYONE: [Who; 5] = [Who::Anonymous, Who::Owner, Who::OtherOrganiser, Who::Moderator, Who::Admin];

fn email(who: Who) -> Option<&'static str> {
    match who {
        Who::Anonymous => None,
        Who::Owner => Some("owner@example.org"),
        Who::OtherOrganiser => Some("other@example.org"),
        Who::Moderator => Some("mod@example.org"),
        Who::Admin => Some("admin@example.org"),
    }
}

/// Refused means: sent to sign in, 401 or 403. Anything else is allowed.
fn refused(a: &Answer) -> bool {
    a.status == StatusCode::UNAUTHORIZED
        || a.status == StatusCode::FORBIDDEN
        || (a.status == StatusCode::SEE_OTHER && a.location.as_deref().is_some_and(|l| l.starts_with("/login")))
}

struct Setup {
    app: axum::Router,
    mail: MailServer,
    db: TestDb,
    submission: i64,
    report: i64,
}

async fn setup() -> Setup {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    let owner = db.organiser("owner@example.org").await;
    db.organiser("other@example.org").await;
    db.put_user("mod@example.org", Role::Moderator, &[]).await;
    db.put_user("admin@example.org", Role::Admin, &[]).await;
    db.add_owner(OWNED, owner.id).await;
    let data = serde_json::json!({"name": "Queued Group", "kind": "solidarity_group", "town": "Leeds", "slug": "queued-group"});
    let (submission, _) = db
        .store
        .write(async |tx| {
            tx.add_submission(&server::store::NewSubmission {
                entity: app::people::Entity::Listing,
                action: app::people::SubmissionAction::Create,
                slug: "queued-group",
                data: &data,
                contact_email: "q@example.org",
                user_id: None,
                region: Some("Yorkshire"),
                status: app::people::SubmissionStatus::Pending,
                lang: "en",
                held: None,
            })
            .await
        })
        .await
        .unwrap();
    let report = db.add_report(OWNED, "wrong", "").await;
    let app = fast_app(&db);
    Setup { app, mail, db, submission, report }
}

async fn visitor(s: &Setup, who: Who) -> Visitor {
    let mut v = Visitor::new(&s.app);
    if let Some(e) = email(who) {
        v.sign_in(e, &s.mail).await;
    }
    v
}

#[tokio::test]
async fn every_private_route_checks_the_role_on_the_server() {
    let s = setup().await;
    let sub = s.submission;
    // (method, path, form fields, who is allowed)
    use Who::*;
    // (method, path, form fields, who may)
    type Row<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, Vec<Who>);
    let table: Vec<Row> = vec![
        ("GET", "/account".into(), vec![], vec![Owner, OtherOrganiser, Moderator, Admin]),
        ("GET", "/account/export".into(), vec![], vec![Owner, OtherOrganiser, Moderator, Admin]),
        ("GET", format!("/account/listings/{OWNED}/edit"), vec![], vec![Owner, Admin]),
        (
            "POST",
            format!("/account/listings/{OWNED}/edit"),
            vec![("name", "Sheffield Welcome Drop-in (sample)"), ("kind", "solidarity_group"), ("town", "Sheffield")],
            vec![Owner, Admin],
        ),
        ("GET", format!("/account/listings/{OWNED}/events/new"), vec![], vec![Owner, Admin]),
        ("POST", format!("/account/listings/{OWNED}/events/new"), EVENT_FIELDS.to_vec(), vec![Owner, Admin]),
        ("GET", format!("/account/events/{OWNED_EVENT}/edit"), vec![], vec![Owner, Admin]),
        ("POST", format!("/account/events/{OWNED_EVENT}/edit"), EVENT_FIELDS.to_vec(), vec![Owner, Admin]),
        ("GET", format!("/account/listings/{OWNED}/calendar"), vec![], vec![Owner, Admin]),
        ("POST", format!("/account/listings/{OWNED}/calendar"), vec![("url", "ftp://calendar.example.org/x.ics")], vec![Owner, Admin]),
        ("POST", format!("/account/listings/{OWNED}/calendar/stop"), vec![], vec![Owner, Admin]),
        ("POST", "/account/delete".into(), vec![], vec![Owner, OtherOrganiser, Moderator, Admin]),
        ("GET", "/moderate".into(), vec![], vec![Moderator, Admin]),
        ("GET", "/moderate/log".into(), vec![], vec![Moderator, Admin]),
        ("GET", format!("/moderate/submissions/{sub}"), vec![], vec![Moderator, Admin]),
        ("GET", format!("/moderate/listings/{OWNED}"), vec![], vec![Moderator, Admin]),
        ("POST", format!("/moderate/submissions/{sub}/reject"), vec![("reason", "")], vec![Moderator, Admin]),
        ("POST", format!("/moderate/submissions/{}/approve", sub + 1000), vec![], vec![Moderator, Admin]),
        ("POST", format!("/moderate/reports/{}/close", s.report + 1000), vec![], vec![Moderator, Admin]),
        ("POST", "/moderate/listings/no-such-listing/archive".into(), vec![("reason", "test")], vec![Moderator, Admin]),
        ("GET", "/admin".into(), vec![], vec![Admin]),
        ("POST", "/admin/lockdown".into(), vec![("on", "off")], vec![Admin]),
        ("POST", "/admin/people".into(), vec![("email", "new.mod@example.org"), ("role", "moderator")], vec![Admin]),
        // Public, for everyone.
        ("GET", "/register".into(), vec![], EVERYONE.to_vec()),
        ("GET", format!("/listings/{OWNED}"), vec![], EVERYONE.to_vec()),
        ("GET", "/api/listings".into(), vec![], EVERYONE.to_vec()),
        ("POST", format!("/listings/{OWNED}/report"), vec![("category", "wrong")], EVERYONE.to_vec()),
        ("POST", "/login".into(), vec![("email", "nobody@example.org")], EVERYONE.to_vec()),
        // The one server function: read-only search, public.
        ("SFN", "/sfn/search".into(), vec![("q", "sheffield")], EVERYONE.to_vec()),
    ];
    let mut failures = Vec::new();
    for who in EVERYONE {
        let mut v = visitor(&s, who).await;
        for (method, path, fields, allowed) in &table {
            let a = match *method {
                "GET" => v.get(path).await,
                "SFN" => v.post_raw(path, fields).await,
                _ => v.submit("/register", path, fields).await,
            };
            if *method == "SFN" {
                assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            }
            let expected_allowed = allowed.contains(&who);
            // Allowed means answered: a 5xx is a failure whoever asks.
            if a.status.is_server_error() || refused(&a) == expected_allowed {
                failures.push(format!(
                    "{who:?} {method} {path}: {} (expected {})",
                    a.status,
                    if expected_allowed { "allowed" } else { "refused" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Nothing was decided by anyone refused, or by the empty reason.
    let pending = pending(&s.db).await;
    assert!(pending.iter().any(|p| p.id == sub), "the submission is still waiting");
}

#[tokio::test]
async fn a_moderator_limited_to_a_region_decides_only_there() {
    let s = setup().await;
    let scot = s.db.put_user("scot@example.org", Role::Moderator, &["Scotland".into()]).await;
    use app::ports::Backoffice;
    assert!(s.db.atlas.queue(&scot, None, 0, 50).await.unwrap().0.is_empty(), "Yorkshire is not theirs");
    assert!(s.db.atlas.submission(&scot, s.submission).await.unwrap().is_none());
    assert!(matches!(
        s.db.atlas.reject(&scot, s.submission, "no", server::moderation::Relisting::Allowed).await,
        Err(server::moderation::ActionError::Forbidden(_))
    ));
    let mut v = Visitor::new(&s.app);
    v.sign_in("scot@example.org", &s.mail).await;
    let a = v.submit("/register", &format!("/moderate/submissions/{}/reject", s.submission), &[("reason", "no")]).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forged_replayed_and_expired_are_refused() {
    let s = setup().await;
    let mut v = Visitor::new(&s.app);
    v.get("/register").await;
    // A forged token, and a post from a browser that never saw our form.
    let a = v.post_raw("/register", &[("csrf", "forged"), ("name", "X")]).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.body.contains("reload the page"));
    let mut stranger = Visitor::new(&s.app);
    let csrf = v.cookies["atlas_csrf"].clone();
    let a = stranger.post_raw("/register", &[("csrf", &csrf), ("name", "X")]).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "a token without its cookie");

    // An expired sign-in link.
    let sent = s.mail.all().len();
    v.submit("/login", "/login", &[("email", "owner@example.org")]).await;
    let m = s.mail.wait_for_new("owner@example.org", "sign in", sent).await;
    let link = m.link("http://atlas.test/login/confirm?token=").unwrap();
    let token = link.split("token=").nth(1).unwrap().to_string();
    sqlx::query("UPDATE tokens SET expires_at = '2000-01-01T00:00:00Z'").execute(s.db.store.pool()).await.unwrap();
    let a = v.submit("/login", "/login/confirm", &[("token", &token)]).await;
    assert_eq!(a.status, StatusCode::GONE);
    assert!(!v.cookies.contains_key("atlas_session"));

    // A moderator address without a session.
    let a = Visitor::new(&s.app).get("/moderate/log").await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.location.as_deref(), Some("/login?next=%2Fmoderate%2Flog"));

    // Signing in says the same whether or not the address has an account.
    let known = v.submit("/login", "/login", &[("email", "owner@example.org")]).await;
    let unknown = v.submit("/login", "/login", &[("email", "stranger@example.org")]).await;
    assert_eq!((known.status, known.location), (unknown.status, unknown.location));
}

/// Refusal pages are worded in the visitor's language, from error codes:
/// a forged form and a sign-in page asked for without a session.
#[tokio::test]
async fn refusals_speak_the_visitors_language() {
    let s = setup().await;
    let expired = [
        ("en", "This form has expired", "Sign in first"),
        ("ar", "انتهت صلاحية هذا النموذج", "سجّل الدخول أولًا"),
        ("fa", "این فرم منقضی شده است", "نخست وارد شوید"),
        ("fr", "Ce formulaire a expiré", "Connectez-vous d’abord"),
        ("es", "Este formulario ha caducado", "Inicia sesión primero"),
    ];
    for (lang, title, sign_in) in expired {
        let prefix = if lang == "en" { String::new() } else { format!("/{lang}") };
        let mut v = Visitor::new(&s.app);
        v.get(&format!("{prefix}/register")).await;
        let a = v.post_raw(&format!("{prefix}/register"), &[("csrf", "forged"), ("name", "X")]).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        assert!(a.body.contains(title), "{lang}: {}", a.body);
        assert!(a.body.contains(&format!("lang=\"{lang}\"")), "{lang}: {}", a.body);
        let a = v.post_raw(&format!("{prefix}/moderate/submissions/1/reject"), &[("reason", "x")]).await;
        assert!(a.status.is_client_error(), "{lang}: {}", a.status);
        if a.status == StatusCode::UNAUTHORIZED {
            assert!(a.body.contains(sign_in), "{lang}: {}", a.body);
        }
    }
}

async fn send(v: &mut Visitor, fields: Vec<(String, String)>) -> Answer {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    v.submit("/register", "/register", &refs).await
}

#[tokio::test]
async fn hostile_text_is_refused_or_rendered_inert() {
    let s = setup().await;
    let mut v = Visitor::new(&s.app);
    let base = [("kind", "solidarity_group"), ("town", "Leeds"), ("contact_email", "ok@example.org")];
    let try_name = |name: String| {
        let mut f: Vec<(String, String)> = base.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        f.push(("name".into(), name));
        f
    };
    // 100 KB names, direction overrides and zero-width characters.
    for (name, expect) in [
        ("x".repeat(100_000), "at most 200"),
        ("Leeds \u{202E}puorG".to_string(), "invisible character"),
        ("Le\u{200B}eds Group".to_string(), "invisible character"),
    ] {
        let a = send(&mut v, try_name(name)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(a.body.contains(expect), "{expect}: {}", &a.body[..a.body.len().min(300)]);
        assert!(a.body.contains(r#"aria-invalid="true""#), "the error is tied to its field");
    }
    // Invalid email, points outside the UK and Ireland, a town we cannot find.
    let mut f = try_name("Fine Group".into());
    f.retain(|(k, _)| k != "contact_email");
    f.push(("contact_email".into(), "not an email".into()));
    assert!(send(&mut v, f).await.body.contains("email address we can send"));
    let mut f = try_name("Fine Group".into());
    f.extend([("latitude".into(), "48.85".into()), ("longitude".into(), "2.35".into())]);
    assert!(send(&mut v, f).await.body.contains("outside the UK and Ireland"));
    let mut f = try_name("Fine Group".into());
    f.extend([("latitude".into(), "NaN".into()), ("longitude".into(), "1".into())]);
    assert_eq!(send(&mut v, f).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut f = try_name("Fine Group".into());
    f.retain(|(k, _)| k != "town");
    f.push(("town".into(), "Atlantis".into()));
    assert!(send(&mut v, f).await.body.contains("We could not find “Atlantis”"));
    assert!(pending(&s.db).await.iter().all(|p| p.title != "Fine Group"), "nothing stored");

    // The same checks speak the visitor's language.
    let mut ar = Visitor::new(&s.app);
    let a = ar
        .submit("/ar/register", "/register", &[("name", ""), ("kind", "solidarity_group"), ("town", "Atlantis"), ("contact_email", "x")])
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains(r#"lang="ar""#) && a.body.contains("هذا الحقل مطلوب") && a.body.contains("لم نجد"), "errors in Arabic");

    // Script and HTML in every text field: stored as text, shown inert.
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let mut f: Vec<(String, String)> = vec![
        ("name".into(), format!("Evil {evil}")),
        ("summary".into(), evil.into()),
        ("description".into(), format!("**bold** {evil} [x](javascript:alert(3))")),
        ("meeting_times".into(), evil.into()),
        ("accessibility".into(), evil.into()),
        ("tags".into(), "<b>tag</b>".into()),
    ];
    f.extend(base.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let a = send(&mut v, f.clone()).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", &a.body[..a.body.len().min(500)]);
    let (path, token) = {
        let link = s.mail.wait_for("ok@example.org", "confirm").await.link("http://atlas.test/confirm?token=").unwrap();
        (link.trim_start_matches("http://atlas.test").to_string(), link.split("token=").nth(1).unwrap().to_string())
    };
    v.submit(&path, "/confirm", &[("token", &token)]).await;
    let id = pending(&s.db).await.into_iter().find(|p| p.title.starts_with("Evil")).unwrap().id;
    let admin = s.db.store.user_by_email("admin@example.org").await.unwrap().unwrap();
    let mut mod_view = Visitor::new(&s.app);
    mod_view.sign_in("admin@example.org", &s.mail).await;
    for page in ["/moderate".to_string(), format!("/moderate/submissions/{id}")] {
        let html = mod_view.get(&page).await.body;
        for bad in ["<script>alert", "<img src=x"] {
            if let Some(i) = html.find(bad) {
                panic!("{page}: {}", &html[i.saturating_sub(300)..(i + 100).min(html.len())]);
            }
        }
        assert!(html.contains("&lt;script&gt;"), "{page} shows it as text");
    }
    s.db.atlas.approve(&admin, id, None).await.unwrap();
    let slug = s.db.store.submission(id).await.unwrap().unwrap().summary.slug;
    let (_, html) = get(&s.app, &format!("/listings/{slug}")).await;
    assert!(!html.contains("<script>alert") && !html.contains("javascript:"), "{html}");
    // The only picture is the server's own map picture (pages without JavaScript).
    assert!(html.split("<img").skip(1).all(|img| img.trim_start().starts_with("src=\"/map.png?")), "{html}");
    assert!(html.contains("<strong>bold</strong>"), "Markdown still works");
}

#[tokio::test]
async fn bots_fast_hands_and_floods_are_stopped() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    let leptos = leptos::prelude::LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    let mut state = server::web::AppState::new(leptos, db.atlas.clone(), false);
    state.limits = std::sync::Arc::new(server::web::forms::RateLimits::new(2));
    let app = server::web::router(state);
    let mut v = Visitor::new(&app);
    let fields = [("name", "Leeds Group"), ("kind", "solidarity_group"), ("town", "Leeds"), ("contact_email", "a@example.org")];

    // Faster than a person can type (the default minimum is 3 s).
    let (csrf, started) = v.form_tokens("/register").await;
    let mut sent = vec![("csrf", csrf.as_str()), ("started", started.as_str())];
    sent.extend_from_slice(&fields);
    let a = v.post_raw("/register", &sent).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("If your browser filled the form in for you"), "and the form is shown again with what was typed");
    assert!(a.body.contains(r#"value="Leeds Group""#));
    // With the stamp it was opened with: a browser's autofill goes through
    // once the person has looked again, the clock not started over.
    assert!(a.body.contains(&format!(r#"name="started" value="{started}""#)), "{}", a.body);

    // A bot fills the hidden field: it is thanked, nothing is stored.
    let mut with_honey = fields.to_vec();
    with_honey.push(("nickname", "bot"));
    let a = v.submit("/register", "/register", &with_honey).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/registered"));
    assert!(pending(&db).await.is_empty());
    assert!(mail.all().is_empty());

    // Over the hourly limit for this address.
    let a = v.submit("/register", "/register", &fields).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn responses_carry_security_headers_and_safe_cookies() {
    let s = setup().await;
    let mut v = Visitor::new(&s.app);
    for path in ["/", "/register", "/api/listings", "/search?q=x"] {
        let a = v.get(path).await;
        let csp = a.headers.get("content-security-policy").unwrap().to_str().unwrap();
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        let sources: Vec<&str> = script_src.split_whitespace().collect();
        assert!(!sources.contains(&"'unsafe-inline'") && !sources.contains(&"'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(a.headers.get("x-content-type-options").unwrap(), "nosniff");
        assert!(a.headers.get("referrer-policy").is_some());
    }
    // Every inline script on a page with islands carries the page's nonce.
    let a = v.get("/").await;
    let csp = a.headers.get("content-security-policy").unwrap().to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    for script in a.body.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap();
        assert!(tag.contains("src=") || tag.contains(&format!("nonce=\"{nonce}\"")), "inline script without the nonce: {tag}");
    }
    v.sign_in("owner@example.org", &s.mail).await;
    let sent = s.mail.all().len();
    let a = v.submit("/login", "/login", &[("email", "owner@example.org")]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let m = s.mail.wait_for_new("owner@example.org", "sign in", sent).await;
    let token = m.link("http://atlas.test/login/confirm?token=").unwrap().split("token=").nth(1).unwrap().to_string();
    let a = v.submit("/login", "/login/confirm", &[("token", &token)]).await;
    let cookie = a.headers.get_all("set-cookie").iter().map(|c| c.to_str().unwrap()).find(|c| c.starts_with("atlas_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    // Tokens are stored hashed: the database never holds the link's token.
    let stored: Vec<String> = sqlx::query_scalar("SELECT hash FROM tokens").fetch_all(s.db.store.pool()).await.unwrap();
    assert!(!stored.contains(&token));
}

/// The review's findings on forms: posts another site makes, stale stamps,
/// a planted anti-forgery cookie, telling accounts apart, and the site
/// used to send anyone's words to any address.
#[tokio::test]
async fn cross_site_posts_old_stamps_and_mail_floods_are_refused() {
    let s = setup().await;
    let register = [("name", "Harrogate Welcome"), ("kind", "solidarity_group"), ("town", "Harrogate"), ("contact_email", "h@example.org")];

    // A browser says the post comes from another site: refused, whatever the token.
    for (header, value) in
        [("sec-fetch-site", "cross-site"), ("sec-fetch-site", "same-site"), ("origin", "https://evil.example"), ("origin", "null")]
    {
        let mut v = Visitor::new(&s.app);
        v.headers = vec![("host".into(), "atlas.test".into()), (header.into(), value.into())];
        let a = v.submit("/register", "/register", &register).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{header}: {value}");
    }
    // The same post from our own pages goes through.
    let mut v = Visitor::new(&s.app);
    v.headers = vec![
        ("host".into(), "atlas.test".into()),
        ("origin".into(), "http://atlas.test".into()),
        ("sec-fetch-site".into(), "same-origin".into()),
    ];
    assert_eq!(v.submit("/register", "/register", &register).await.status, StatusCode::SEE_OTHER);

    // A form stamp from two days ago: the form is shown again to send anew.
    let mut v = Visitor::new(&s.app);
    let (csrf, _) = v.form_tokens("/register").await;
    let old = server::secrets::Signer::new(&s.db.atlas.form_secret).sign(&(server::secrets::now_secs() - 2 * 86_400).to_string());
    let mut fields = vec![("csrf", csrf.as_str()), ("started", old.as_str())];
    fields.extend_from_slice(&register);
    let a = v.post_raw("/register", &fields).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("more than a day ago"), "{}", a.body);

    // Signed in, the token belongs to the session: the cookie's token,
    // which someone else could have planted, is refused.
    let mut owner = visitor(&s, Who::Owner).await;
    let planted = owner.cookies["atlas_csrf"].clone();
    let a = owner.post_raw("/account/delete", &[("csrf", &planted), ("confirm", "yes")]).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let (csrf, _) = owner.form_tokens("/account").await;
    assert_ne!(csrf, planted);

    // The confirmation mail to an address nobody has confirmed carries no
    // word the visitor wrote.
    let mut v = Visitor::new(&s.app);
    let spam = [
        ("name", "Cheap pills at pills.example"),
        ("kind", "solidarity_group"),
        ("town", "Leeds"),
        ("contact_email", "victim@example.org"),
    ];
    assert_eq!(v.submit("/register", "/register", &spam).await.status, StatusCode::SEE_OTHER);
    let m = s.mail.wait_for("victim@example.org", "confirm").await;
    assert!(!m.text.contains("pills"), "{}", m.text);
    // And one address gets at most five such mails an hour, whoever sends them.
    for i in 1..5 {
        let mut v = Visitor::new(&s.app);
        v.headers = vec![("x-forwarded-for".into(), format!("10.0.0.{i}"))];
        assert_eq!(v.submit("/register", "/register", &spam).await.status, StatusCode::SEE_OTHER, "mail {i}");
    }
    let a = Visitor::new(&s.app).submit("/register", "/register", &spam).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    assert!(a.body.contains("this address"), "{}", a.body);
}

/// After signing in from a link to a private page, the person lands there;
/// a `next` that leaves the site is ignored.
#[tokio::test]
async fn signing_in_returns_to_the_page_asked_for_and_only_on_this_site() {
    let s = setup().await;
    for (next, lands) in [("/moderate/log", "/moderate/log"), ("//evil.example/x", "/moderate"), ("https://evil.example", "/moderate")] {
        let mut v = Visitor::new(&s.app);
        let login = format!("/login?next={}", form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>());
        let sent = s.mail.all().len();
        v.submit(&login, "/login", &[("email", "mod@example.org"), ("next", next)]).await;
        let m = loop {
            if let Some(m) = s.mail.all().into_iter().skip(sent).find(|m| m.to.iter().any(|t| t.contains("mod@example.org"))) {
                break m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        let link = m.link("http://atlas.test/login/confirm?token=").unwrap();
        let path = link.trim_start_matches("http://atlas.test").to_string();
        let a = v.get(&path).await;
        let (csrf, _) = v.form_tokens(&path).await;
        let hidden_next = a.body.split(r#"name="next" value=""#).nth(1).map(|r| r.split('"').next().unwrap().replace("&amp;", "&"));
        let token = path.split("token=").nth(1).unwrap().split('&').next().unwrap().to_string();
        let mut fields = vec![("csrf", csrf.as_str()), ("token", token.as_str())];
        if let Some(n) = hidden_next.as_deref() {
            fields.push(("next", n));
        }
        let a = v.post_raw("/login/confirm", &fields).await;
        assert_eq!(a.location.as_deref(), Some(lands), "next={next}");
    }
}

/// Issue 27: six requests from strangers locked a person out of signing in
/// for the hour (they counted against the mail cap for that address). Now
/// a link is not sent again while the last, minutes old, is unused — so
/// the strangers send one mail, and the person signs in with it.
#[tokio::test]
async fn strangers_asking_for_someones_link_cannot_lock_them_out() {
    let s = setup().await;
    let sent = s.mail.all().len();
    for _ in 0..8 {
        let mut stranger = Visitor::new(&s.app);
        let a = stranger.submit("/login", "/login", &[("email", "mod@example.org")]).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    }
    let m = s.mail.wait_for_new("mod@example.org", "sign in", sent).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let to_them = |from: usize| s.mail.all().into_iter().skip(from).filter(|m| m.to.iter().any(|t| t.contains("mod@example.org"))).count();
    assert_eq!(to_them(sent), 1, "one mail, not eight");
    // The person asks too: the link already in their inbox signs them in.
    let mut v = Visitor::new(&s.app);
    let a = v.submit("/login", "/login", &[("email", "mod@example.org")]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let token = m.link("http://atlas.test/login/confirm?token=").unwrap().split("token=").nth(1).unwrap().to_string();
    let a = v.submit("/login", "/login/confirm", &[("token", &token)]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert!(v.cookies.contains_key("atlas_session"));
    // Once it is used, the next ask sends a new one.
    let sent = s.mail.all().len();
    Visitor::new(&s.app).submit("/login", "/login", &[("email", "mod@example.org")]).await;
    s.mail.wait_for_new("mod@example.org", "sign in", sent).await;
}

/// Issue 27 (F9's remainder): one form stamp passed thousands of posts.
/// Now a stamp is good for one post; the form comes back, with what was
/// typed and a fresh stamp, saying it was already sent.
#[tokio::test]
async fn a_form_stamp_is_good_for_one_post() {
    let s = setup().await;
    let page = "/listings/sheffield-welcome-drop-in/report";
    let count = async || -> i64 { sqlx::query_scalar("SELECT count(*) FROM reports").fetch_one(s.db.store.pool()).await.unwrap() };
    let before = count().await;
    let mut v = Visitor::new(&s.app);
    let (csrf, started) = v.form_tokens(page).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let fields = [("csrf", csrf.as_str()), ("started", started.as_str()), ("category", "closed"), ("message", "They stopped meeting.")];
    let first = v.post_raw(page, &fields).await;
    assert_eq!(first.location.as_deref(), Some("/thanks/report"), "{}", first.body);
    let again = v.post_raw(page, &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.body);
    assert!(again.body.contains("already sent once") && again.body.contains("They stopped meeting."), "{}", again.body);
    assert_eq!(count().await, before + 1, "one report, not two");
}
