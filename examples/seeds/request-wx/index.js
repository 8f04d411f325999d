// The wx.request example of the TCMPP "Initiate request" page
// (seeds/tcmpp-wx-request.txt), verbatim. `minihost demo` points the URL at
// the bundled test server.
wx.request({
url: 'test.php', // Example URL, not a real interface address
data: {
x: '',
y: ''
},
header: {
'content-type': 'application/json' // Default value
},
success(res) {
console.log(res.data)
}
})
