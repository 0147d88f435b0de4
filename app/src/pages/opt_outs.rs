//! The admins' view of the opt-out register (groups that asked never to be
//! listed: reasons and dates, never their data) and of the blocked senders.

use crate::i18n::{t, t_with};
use crate::pages::errors::ServerError;
use crate::pages::form::{Field, FormGuard};
use crate::pages::moderate::when;
use crate::people::User;
use crate::ports::Services;
use leptos::prelude::*;

#[component]
pub fn DoNotList(user: User) -> impl IntoView {
    let services = expect_context::<Services>();
    let lists = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.do_not_list(&user).await }
    };
    view! {
        <Suspense>
            {move || { let fut = lists(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok((opt_outs, blocked)) => view! {
                        <h2 id="opt-outs">{t("admin-opt-outs")}</h2>
                        <p class="hint">{t("admin-opt-outs-hint")}</p>
                        {if opt_outs.is_empty() {
                            view! { <p>{t("admin-opt-outs-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {opt_outs.into_iter().map(|o| view! {
                                        <li>
                                            <q dir="auto">{o.reason.clone()}</q>" — "
                                            {t_with("admin-opt-out-recorded", &[("date", when(&o.recorded_at).into()), ("who", o.recorded_by.clone().into()), ("count", (o.fingerprints as usize).into())])}
                                            <form method="post" action=format!("/admin/opt-outs/{}/remove", o.id) class="inline-form">
                                                <FormGuard />
                                                <button type="submit">{t("admin-opt-out-remove")}</button>
                                            </form>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h2 id="blocked-senders">{t("admin-blocked")}</h2>
                        <p class="hint">{t("admin-blocked-hint")}</p>
                        {if blocked.is_empty() {
                            view! { <p>{t("admin-blocked-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {blocked.into_iter().map(|b| view! {
                                        <li>
                                            <bdi>{b.pattern.clone()}</bdi>" — "<q dir="auto">{b.reason.clone()}</q>" ("{when(&b.added_at)}", "<bdi>{b.added_by.clone()}</bdi>")"
                                            <form method="post" action="/admin/blocked-senders/remove" class="inline-form">
                                                <FormGuard />
                                                <input type="hidden" name="pattern" value=b.pattern.clone() />
                                                <button type="submit">{t("admin-blocked-remove")}</button>
                                            </form>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <form method="post" action="/admin/blocked-senders" class="short-form">
                            <FormGuard />
                            <Field name="pattern" label=t("admin-blocked-pattern") hint=t("admin-blocked-pattern-hint") required=true maxlength=254 />
                            <Field name="block_reason" label=t("admin-reason") required=true maxlength=500 />
                            <button type="submit" class="danger">{t("admin-blocked-add")}</button>
                        </form>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
}
