//! Reading who sent a request and which API it calls, from the SigV4 `Authorization` header,
//! `X-Amz-Target`, a form's `Action=` or, for S3, the method and sub-resource.

use hyper::http::request::Parts;
use hyper::Method;

/// How a service encodes its answers (and so its errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// AWS query protocol (IAM, STS, SNS, CloudWatch): `<ErrorResponse><Error>…`.
    Query,
    /// JSON 1.0/1.1 or REST-JSON: `{"__type": …}`.
    Json,
    /// S3: an unwrapped `<Error>` document.
    S3Xml,
    /// S3 Control: REST-XML with `<ErrorResponse>` wrapping.
    RestXml,
}

/// What the gap endpoint knows about one request.
#[derive(Debug, Clone)]
pub(crate) struct RequestInfo {
    pub access_key: Option<String>,
    pub region: String,
    /// The service as IAM names it in actions (`iam`, `s3`, `cloudwatch`…).
    pub service: String,
    pub operation: String,
    pub protocol: Protocol,
    /// The URI path and query, for REST APIs that carry their parameters there.
    pub path: String,
    pub query: String,
}

impl RequestInfo {
    /// `service:Operation`, e.g. `iam:GetAccountAuthorizationDetails`.
    pub fn api(&self) -> String {
        format!("{}:{}", self.service, self.operation)
    }
}

pub(crate) fn describe(parts: &Parts, body: &[u8]) -> RequestInfo {
    let auth = header(parts, "authorization").unwrap_or_default();
    let scope = auth
        .split("Credential=")
        .nth(1)
        .and_then(|s| s.split([',', ' ']).next())
        .unwrap_or_default();
    let mut fields = scope.split('/');
    let access_key = fields.next().filter(|s| !s.is_empty()).map(str::to_owned);
    let region = fields.nth(1).unwrap_or("us-east-1").to_owned();
    let signing = fields.next().unwrap_or("unknown").to_owned();
    let path = parts.uri.path();
    let query = parts.uri.query().unwrap_or_default();

    if let Some(target) = header(parts, "x-amz-target") {
        let op = target.rsplit('.').next().unwrap_or(&target).to_owned();
        return RequestInfo {
            access_key,
            region,
            service: service_name(&signing, path),
            operation: op,
            protocol: Protocol::Json,
            path: path.to_owned(),
            query: query.to_owned(),
        };
    }
    let service = service_name(&signing, path);
    let (operation, protocol) = match service.as_str() {
        "s3" => (s3_operation(&parts.method, path, query), Protocol::S3Xml),
        "s3control" => (s3control_operation(&parts.method, path), Protocol::RestXml),
        "access-analyzer" | "guardduty" | "securityhub" => (
            rest_json_operation(&service, &parts.method, path),
            Protocol::Json,
        ),
        "lambda" => (lambda_operation(&parts.method, path), Protocol::Json),
        _ => match form_value(query, "Action")
            .or_else(|| form_value(std::str::from_utf8(body).unwrap_or_default(), "Action"))
        {
            Some(action) => (action, Protocol::Query),
            None => (rest_operation(path), Protocol::Json),
        },
    };
    // S3 Control's actions belong to the `s3` service in IAM.
    let service = if service == "s3control" {
        "s3".to_owned()
    } else {
        service
    };
    RequestInfo {
        access_key,
        region,
        service,
        operation,
        protocol,
        path: path.to_owned(),
        query: query.to_owned(),
    }
}

pub(crate) fn header(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn service_name(signing: &str, path: &str) -> String {
    match signing {
        "monitoring" => "cloudwatch".to_owned(),
        "s3" if path.starts_with("/v20180820") => "s3control".to_owned(),
        other => other.to_owned(),
    }
}

/// Decodes one field of an `application/x-www-form-urlencoded` string.
pub(crate) fn form_value(form: &str, key: &str) -> Option<String> {
    form.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (decode(k) == key).then(|| decode(v))
    })
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    percent_encoding::percent_decode_str(&s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Names an S3 REST request after its SDK operation: `GET /bucket?policy` is
/// `GetBucketPolicy`, `GET /bucket?publicAccessBlock` is `GetPublicAccessBlock`.
fn s3_operation(method: &Method, path: &str, query: &str) -> String {
    let verb = verb(method);
    let params: Vec<(&str, &str)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    if let Some((_, op)) = params.iter().find(|(k, _)| *k == "x-id") {
        return (*op).to_owned();
    }
    let mut segments = path.trim_start_matches('/').splitn(2, '/');
    let bucket = segments.next().unwrap_or_default();
    let key = segments.next().unwrap_or_default();
    let ignored = [
        "list-type",
        "prefix",
        "delimiter",
        "max-keys",
        "continuation-token",
        "encoding-type",
    ];
    let sub = params
        .iter()
        .map(|(k, _)| *k)
        .find(|k| !ignored.contains(k));
    let list_v2 = params.iter().any(|(k, v)| *k == "list-type" && *v == "2");
    match (bucket.is_empty(), key.is_empty(), sub) {
        (true, _, _) => "ListBuckets".to_owned(),
        (false, true, None) => match verb {
            "Get" if list_v2 => "ListObjectsV2".to_owned(),
            "Get" => "ListObjects".to_owned(),
            "Put" => "CreateBucket".to_owned(),
            v => format!("{v}Bucket"),
        },
        (false, true, Some(sub)) => {
            let name = match sub {
                "publicAccessBlock" => "PublicAccessBlock".to_owned(),
                "object-lock" => "ObjectLockConfiguration".to_owned(),
                "lifecycle" => "BucketLifecycleConfiguration".to_owned(),
                "notification" => "BucketNotificationConfiguration".to_owned(),
                "accelerate" => "BucketAccelerateConfiguration".to_owned(),
                other => format!("Bucket{}", upper_first(other)),
            };
            format!("{verb}{name}")
        }
        (false, false, _) => format!("{verb}Object"),
    }
}

fn verb(method: &Method) -> &'static str {
    match *method {
        Method::GET => "Get",
        Method::PUT => "Put",
        Method::DELETE => "Delete",
        Method::HEAD => "Head",
        Method::POST => "Post",
        _ => "Other",
    }
}

/// S3 Control's account-level Block Public Access, named after its IAM action
/// (`s3:GetAccountPublicAccessBlock`).
fn s3control_operation(method: &Method, path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or_default();
    let name = match last {
        "publicAccessBlock" => "AccountPublicAccessBlock".to_owned(),
        other => upper_first(other),
    };
    format!("{}{name}", verb(method))
}

/// The operations of REST-JSON services whose paths name resources, not operations: by the
/// service, the method and the path's first segment, and whether a resource id follows it.
const REST_JSON: &[(&str, &str, &str, bool, &str)] = &[
    ("access-analyzer", "GET", "analyzer", false, "ListAnalyzers"),
    (
        "access-analyzer",
        "PUT",
        "analyzer",
        false,
        "CreateAnalyzer",
    ),
    ("access-analyzer", "GET", "analyzer", true, "GetAnalyzer"),
    (
        "access-analyzer",
        "DELETE",
        "analyzer",
        true,
        "DeleteAnalyzer",
    ),
    ("guardduty", "GET", "detector", false, "ListDetectors"),
    ("guardduty", "POST", "detector", false, "CreateDetector"),
    ("guardduty", "GET", "detector", true, "GetDetector"),
    ("guardduty", "POST", "detector", true, "UpdateDetector"),
    ("guardduty", "DELETE", "detector", true, "DeleteDetector"),
    ("securityhub", "GET", "accounts", false, "DescribeHub"),
    (
        "securityhub",
        "POST",
        "accounts",
        false,
        "EnableSecurityHub",
    ),
    (
        "securityhub",
        "DELETE",
        "accounts",
        false,
        "DisableSecurityHub",
    ),
];

fn rest_json_operation(service: &str, method: &Method, path: &str) -> String {
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    let with_id = segments.next().is_some_and(|s| !s.is_empty()) && segments.next().is_none();
    REST_JSON
        .iter()
        .find(|(svc, m, seg, id, _)| {
            *svc == service && *m == method.as_str() && *seg == first && *id == with_id
        })
        .map_or_else(|| rest_operation(path), |(.., op)| (*op).to_owned())
}

/// Lambda's function operations, by method and path under `/2015-03-31/functions`.
fn lambda_operation(method: &Method, path: &str) -> String {
    let rest = path
        .trim_start_matches('/')
        .split_once('/')
        .map_or("", |(_, rest)| rest);
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let op = match (method.as_str(), segments.as_slice()) {
        ("GET", ["functions"]) => "ListFunctions",
        ("POST", ["functions"]) => "CreateFunction",
        ("GET", ["functions", _]) => "GetFunction",
        ("DELETE", ["functions", _]) => "DeleteFunction",
        ("GET", ["functions", _, "policy"]) => "GetPolicy",
        ("POST", ["functions", _, "policy"]) => "AddPermission",
        ("DELETE", ["functions", _, "policy", _]) => "RemovePermission",
        ("GET", ["functions", _, "aliases"]) => "ListAliases",
        ("POST", ["functions", _, "aliases"]) => "CreateAlias",
        ("GET", ["functions", _, "versions"]) => "ListVersionsByFunction",
        ("POST", ["functions", _, "versions"]) => "PublishVersion",
        _ => return rest_operation(path),
    };
    op.to_owned()
}

/// REST-JSON services such as `account` name operations in the path (`/getAlternateContact`).
fn rest_operation(path: &str) -> String {
    upper_first(
        path.trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default(),
    )
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
