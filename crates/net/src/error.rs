//! One error type for the whole network core, and the one table that maps its
//! kinds to the `wx` (`errMsg` + `errno`) and `my` (`error` + `errorMessage`)
//! shapes (SPEC §6). Nothing else in the workspace invents error codes.

use crate::config::Dialect;

/// Which platform API an error is reported through. The `wx` errMsg prefix is
/// [`ApiName::as_str`]; the `my` codes differ per API family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiName {
    /// `request`
    Request,
    /// `uploadFile`
    UploadFile,
    /// `downloadFile`
    DownloadFile,
    /// `connectSocket`
    ConnectSocket,
    /// `sendSocketMessage` (also `SocketTask.send`)
    SendSocketMessage,
    /// `closeSocket` (also `SocketTask.close`)
    CloseSocket,
    /// A file-system manager call; the string is the method name (`readFile`, ...).
    Fs(&'static str),
}

impl ApiName {
    /// The name the platform puts before `:ok` / `:fail`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ApiName::Request => "request",
            ApiName::UploadFile => "uploadFile",
            ApiName::DownloadFile => "downloadFile",
            ApiName::ConnectSocket => "connectSocket",
            ApiName::SendSocketMessage => "sendSocketMessage",
            ApiName::CloseSocket => "closeSocket",
            ApiName::Fs(name) => name,
        }
    }

    fn is_socket(&self) -> bool {
        matches!(
            self,
            ApiName::ConnectSocket | ApiName::SendSocketMessage | ApiName::CloseSocket
        )
    }
}

/// What went wrong, independent of dialect. The mapping to codes is in
/// [`Error::wx`] and [`Error::my`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bad parameter. The detail is the part after `parameter error: `, e.g.
    /// `parameter.url should be String instead of Undefined;`.
    Param,
    /// The URL is empty (sockets report this separately: `my` error 3).
    EmptyUrl,
    /// The URL does not parse; the detail is the URL as given.
    InvalidUrl,
    /// The URL's scheme is not one this API takes at all (`ftp:`, `https:` for a socket).
    BadScheme,
    /// A plain-text scheme (`http`, `ws`) outside dev mode.
    InsecureScheme,
    /// The domain policy refuses the host (also IP literals, userinfo, a private resolution).
    DomainRefused,
    /// The bounded wait queue is full.
    QueueFull,
    /// The deadline passed.
    Timeout,
    /// The script called `abort()`.
    Aborted,
    /// The page that owned the task was unloaded / the host shut down.
    Interrupted,
    /// Connection, DNS or protocol failure; the detail says which.
    Network,
    /// TLS handshake or certificate failure.
    Tls,
    /// More than the allowed redirect hops.
    TooManyRedirects,
    /// A buffered body over `maxBufferedBody`.
    BodyTooLarge,
    /// A download over `maxDownloadBytes`.
    FileTooLarge,
    /// The file to upload does not exist (or is not a regular file in the sandbox).
    FileNotFound,
    /// `my` only: HTTP status >= 400.
    HttpStatus,
    /// `my` only: the body could not be decoded as `dataType` asked.
    Decode,
    /// `my` only: the data could not be URL-encoded.
    UrlEncode,
    /// Sockets: send before open / after close.
    NotConnected,
    /// Sockets: the frame could not be sent.
    SendFailed,
    /// Sockets: the server did not answer with a requested sub-protocol.
    ProtocolMissing,
    /// Sockets: the server's handshake answer was invalid.
    BadHandshake,
    /// Sockets: the per-app socket limit.
    TooManySockets,
    /// A file-system failure with a platform code (13xxxxx) and reason text
    /// (`no such file or directory, open wxfile://usr/x`).
    Fs(u32),
}

/// An error of the network core: a kind plus a human-readable detail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?}: {detail}")]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Free text: the URL, the parameter message, the OS error...
    pub detail: String,
}

/// A `wx` failure: `errMsg` without the `<api>:fail ` prefix, and `errno`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WxError {
    /// The reason, e.g. `url not in domain list`.
    pub reason: String,
    /// The errno of SPEC §6.
    pub errno: u32,
}

/// A `my` failure: `{error, errorMessage}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyError {
    /// The numeric code of the seed's table.
    pub error: u32,
    /// The message.
    pub message: String,
}

impl Error {
    /// Builds an error of `kind` with `detail`.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Error {
            kind,
            detail: detail.into(),
        }
    }

    /// A parameter error, `detail` in the platform's wording
    /// (`parameter.url should be String instead of Undefined;`).
    pub fn param(detail: impl Into<String>) -> Self {
        Error::new(ErrorKind::Param, detail)
    }

    /// True for a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == ErrorKind::Timeout
    }

    /// True for an abort by the script.
    pub fn is_abort(&self) -> bool {
        self.kind == ErrorKind::Aborted
    }

    /// The `wx` shape of this error.
    pub fn wx(&self) -> WxError {
        use ErrorKind::*;
        let (reason, errno) = match &self.kind {
            Param => (format!("parameter error: {}", self.detail), 600005),
            EmptyUrl | InvalidUrl => (format!("invalid url \"{}\"", self.detail), 600009),
            BadScheme | InsecureScheme | DomainRefused => {
                ("url not in domain list".to_string(), 600002)
            }
            QueueFull => ("exceed max task count".into(), 600007),
            Timeout => ("timeout".into(), 5),
            Aborted => ("abort".into(), 1),
            Interrupted => ("interrupted".into(), 600003),
            Network | Tls | BadHandshake | ProtocolMissing => (self.detail.clone(), 600001),
            TooManyRedirects => ("reached max redirect count".into(), 600008),
            BodyTooLarge => ("native buffer exceed size limit".into(), 602300),
            FileTooLarge => ("exceed max file size".into(), 603301),
            FileNotFound => ("file not found".into(), 1300002),
            HttpStatus => ("http status error".into(), 600000),
            Decode => ("response data decode error".into(), 602302),
            UrlEncode => ("invalid request data".into(), 600010),
            NotConnected => ("WebSocket is not connected".into(), 600004),
            SendFailed => (format!("send failed: {}", self.detail), 600001),
            TooManySockets => (
                format!("exceed max websocket connect count {}", self.detail),
                600007,
            ),
            Fs(code) => (self.detail.clone(), *code),
        };
        WxError { reason, errno }
    }

    /// The `wx` errMsg: `<api>:fail <reason>`.
    pub fn wx_err_msg(&self, api: ApiName) -> String {
        format!("{}:fail {}", api.as_str(), self.wx().reason)
    }

    /// The `my` shape of this error for `api` (codes differ per API, SPEC §5/§6).
    pub fn my(&self, api: ApiName) -> MyError {
        use ErrorKind::*;
        let socket = api.is_socket();
        let transfer = matches!(api, ApiName::UploadFile | ApiName::DownloadFile);
        let (error, message): (u32, String) = match &self.kind {
            Param if socket => (2, format!("parameter error: {}", self.detail)),
            Param => (2, format!("parameter error: {}", self.detail)),
            EmptyUrl if socket => (3, "url is empty".into()),
            EmptyUrl | InvalidUrl if socket => (4, format!("invalid url \"{}\"", self.detail)),
            EmptyUrl | InvalidUrl if api == ApiName::UploadFile => {
                (12, format!("invalid url \"{}\"", self.detail))
            }
            EmptyUrl | InvalidUrl => (2, format!("invalid url \"{}\"", self.detail)),
            BadScheme if socket => (5, "url must start with ws or wss".into()),
            InsecureScheme if socket => (8, "ws is not supported, use wss".into()),
            BadScheme | InsecureScheme if api == ApiName::DownloadFile => {
                (20, "http url is not supported".into())
            }
            BadScheme | InsecureScheme if api == ApiName::UploadFile => (13, "no access".into()),
            BadScheme | InsecureScheme => (11, "no cross-domain permission".into()),
            DomainRefused if socket => (65, "url not in domain list".into()),
            DomainRefused if transfer => (13, "no access".into()),
            DomainRefused => (11, "no cross-domain permission".into()),
            QueueFull => (20, "request stopped: too many tasks".into()),
            Timeout if socket => (6, "connect timeout".into()),
            Timeout if transfer => (12, "timeout".into()),
            Timeout => (13, "timeout".into()),
            Aborted if transfer => (12, "abort".into()),
            Aborted => (9, "abort".into()),
            Interrupted => (1, "request interrupted by page unload".into()),
            Tls if socket => (7, format!("invalid certificate: {}", self.detail)),
            Tls if transfer => (12, format!("network error: {}", self.detail)),
            Tls => (19, format!("ssl error: {}", self.detail)),
            Network if socket => (1, self.detail.clone()),
            Network | TooManyRedirects | BodyTooLarge | FileTooLarge => {
                (12, format!("network error: {}", self.detail))
            }
            FileNotFound => (11, "file does not exist".into()),
            HttpStatus => (19, "http status error".into()),
            Decode => (14, "JSON parse data error".into()),
            UrlEncode => (15, "url encode error".into()),
            NotConnected => (10, "socket is not connected".into()),
            SendFailed => (11, format!("send failed: {}", self.detail)),
            ProtocolMissing => (9, "Sec-WebSocket-Protocol missing".into()),
            BadHandshake => (8, format!("invalid protocol header: {}", self.detail)),
            TooManySockets => (
                1,
                format!("exceed max websocket connect count {}", self.detail),
            ),
            // The seed gives transfers their own short tables: a bad save
            // path is an invalid argument (2), other storage failures are a
            // failed download (12); a source file that can't be read is 11.
            Fs(1300013 | 1300022) if api == ApiName::DownloadFile => {
                (2, format!("invalid argument: {}", self.detail))
            }
            Fs(_) if api == ApiName::DownloadFile => (12, self.detail.clone()),
            Fs(_) if api == ApiName::UploadFile => (11, self.detail.clone()),
            Fs(code) => (*code, self.detail.clone()),
        };
        MyError { error, message }
    }

    /// Dispatches on the dialect: for `wx` the errno, for `my` the error code.
    pub fn code(&self, dialect: Dialect, api: ApiName) -> u32 {
        match dialect {
            Dialect::Wx => self.wx().errno,
            Dialect::My => self.my(api).error,
        }
    }
}

/// The result type of the network core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wx_table() {
        let e = Error::new(ErrorKind::DomainRefused, "evil.com");
        assert_eq!(
            e.wx_err_msg(ApiName::Request),
            "request:fail url not in domain list"
        );
        assert_eq!(e.wx().errno, 600002);
        let e = Error::new(ErrorKind::InvalidUrl, "ht!tp");
        assert_eq!(
            e.wx_err_msg(ApiName::DownloadFile),
            "downloadFile:fail invalid url \"ht!tp\""
        );
        assert_eq!(Error::new(ErrorKind::Timeout, "").wx().errno, 5);
        assert_eq!(Error::new(ErrorKind::Aborted, "").wx().errno, 1);
        assert_eq!(Error::new(ErrorKind::QueueFull, "").wx().errno, 600007);
        assert_eq!(
            Error::new(ErrorKind::TooManyRedirects, "").wx().errno,
            600008
        );
        assert_eq!(Error::new(ErrorKind::BodyTooLarge, "").wx().errno, 602300);
        assert_eq!(Error::new(ErrorKind::FileTooLarge, "").wx().errno, 603301);
        assert_eq!(Error::new(ErrorKind::FileNotFound, "").wx().errno, 1300002);
        let e = Error::param("parameter.url should be String instead of Undefined;");
        assert_eq!(
            e.wx_err_msg(ApiName::Request),
            "request:fail parameter error: parameter.url should be String instead of Undefined;"
        );
        assert_eq!(e.wx().errno, 600005);
    }

    #[test]
    fn my_table_differs_per_api() {
        let refused = Error::new(ErrorKind::DomainRefused, "");
        assert_eq!(refused.my(ApiName::Request).error, 11);
        assert_eq!(refused.my(ApiName::UploadFile).error, 13);
        assert_eq!(refused.my(ApiName::DownloadFile).error, 13);
        assert_eq!(refused.my(ApiName::ConnectSocket).error, 65);
        let http = Error::new(ErrorKind::InsecureScheme, "");
        assert_eq!(http.my(ApiName::Request).error, 11);
        assert_eq!(http.my(ApiName::DownloadFile).error, 20);
        assert_eq!(http.my(ApiName::ConnectSocket).error, 8);
        assert_eq!(
            Error::new(ErrorKind::EmptyUrl, "")
                .my(ApiName::ConnectSocket)
                .error,
            3
        );
        assert_eq!(
            Error::new(ErrorKind::InvalidUrl, "x")
                .my(ApiName::ConnectSocket)
                .error,
            4
        );
        assert_eq!(
            Error::new(ErrorKind::BadScheme, "")
                .my(ApiName::ConnectSocket)
                .error,
            5
        );
        assert_eq!(
            Error::new(ErrorKind::Timeout, "")
                .my(ApiName::ConnectSocket)
                .error,
            6
        );
        assert_eq!(
            Error::new(ErrorKind::Timeout, "")
                .my(ApiName::Request)
                .error,
            13
        );
        assert_eq!(
            Error::new(ErrorKind::Aborted, "")
                .my(ApiName::Request)
                .error,
            9
        );
        assert_eq!(
            Error::new(ErrorKind::HttpStatus, "")
                .my(ApiName::Request)
                .error,
            19
        );
        assert_eq!(
            Error::new(ErrorKind::Decode, "").my(ApiName::Request).error,
            14
        );
        assert_eq!(
            Error::new(ErrorKind::Interrupted, "")
                .my(ApiName::Request)
                .error,
            1
        );
        assert_eq!(
            Error::new(ErrorKind::NotConnected, "")
                .my(ApiName::SendSocketMessage)
                .error,
            10
        );
        assert_eq!(
            Error::new(ErrorKind::BadHandshake, "")
                .my(ApiName::ConnectSocket)
                .error,
            8
        );
        assert_eq!(
            Error::new(ErrorKind::Network, "")
                .my(ApiName::ConnectSocket)
                .error,
            1
        );
        assert_eq!(
            Error::new(ErrorKind::FileNotFound, "")
                .my(ApiName::UploadFile)
                .error,
            11
        );
        let denied = Error::new(ErrorKind::Fs(1300013), "permission denied, open /x");
        assert_eq!(denied.my(ApiName::DownloadFile).error, 2);
        assert_eq!(denied.my(ApiName::UploadFile).error, 11);
        assert_eq!(denied.my(ApiName::Fs("readFile")).error, 1300013);
        assert_eq!(
            Error::new(ErrorKind::Fs(1300202), "")
                .my(ApiName::DownloadFile)
                .error,
            12
        );
    }
}
