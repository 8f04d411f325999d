// The RequestTask.onHeadersReceived / offHeadersReceived example of the
// TCMPP "Initiate request" page (seeds/tcmpp-wx-request.txt). The seed's
// lines are verbatim between the markers; the lines around them only give
// the seed's `RequestTask` a real task on the bundled test server.
const RequestTask = wx.request({
  url: 'https://api.minihost.test:8443/json',
  complete(res) {
    console.log('request ' + res.errMsg + ' ' + res.statusCode)
  }
})
// --- seed, verbatim
const listener = function (res) { console.log(res) }

RequestTask.onHeadersReceived(listener)
RequestTask.offHeadersReceived(listener) // Must pass the same function object used in onHeadersReceived
// --- end of seed
