//! `GetAccountAuthorizationDetails` pages the way AWS pages it.

use rampart_testkit::new_account;

#[tokio::test]
async fn authorization_details_page_like_aws() {
    let account = new_account().await;
    let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1").await);
    iam.create_group()
        .group_name("admins")
        .send()
        .await
        .expect("group");
    let admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    iam.attach_group_policy()
        .group_name("admins")
        .policy_arn(admin)
        .send()
        .await
        .expect("attach");
    for i in 0..5 {
        let name = format!("u{i}");
        iam.create_user()
            .user_name(&name)
            .send()
            .await
            .expect("user");
        iam.add_user_to_group()
            .user_name(&name)
            .group_name("admins")
            .send()
            .await
            .expect("member");
    }
    account.set_authorization_page_size(Some(3));

    let mut pages = iam
        .get_account_authorization_details()
        .max_items(1000)
        .into_paginator()
        .send();
    let (mut count, mut users, mut groups, mut policies) = (0, vec![], vec![], vec![]);
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        count += 1;
        users.extend(
            page.user_detail_list()
                .iter()
                .filter_map(|u| u.user_name().map(str::to_owned)),
        );
        for u in page.user_detail_list() {
            assert_eq!(
                u.group_list(),
                ["admins"],
                "nested members stay with their user"
            );
        }
        groups.extend(
            page.group_detail_list()
                .iter()
                .filter_map(|g| g.group_name().map(str::to_owned)),
        );
        policies.extend(
            page.policies()
                .iter()
                .filter_map(|p| p.arn().map(str::to_owned)),
        );
    }
    assert_eq!(
        count, 3,
        "5 users + 1 group + 1 attached policy in pages of 3: {users:?} {groups:?} {policies:?}"
    );
    users.sort();
    assert_eq!(users, ["u0", "u1", "u2", "u3", "u4"]);
    assert_eq!(groups, ["admins"]);
    assert_eq!(
        policies,
        [admin],
        "only AWS managed policies in use are listed"
    );

    let bad = iam
        .get_account_authorization_details()
        .marker("not-a-marker")
        .send()
        .await;
    assert!(bad.is_err(), "an unknown marker is refused");
}
