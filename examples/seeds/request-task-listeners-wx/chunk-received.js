// The RequestTask.onChunkReceived / offChunkReceived example of the TCMPP
// "Initiate request" page (seeds/tcmpp-wx-request.txt). The seed's lines are
// verbatim between the markers; the lines around them only give the seed's
// `RequestTask` a real task (a chunked stream from the bundled test server).
const RequestTask = wx.request({
  url: 'https://api.minihost.test:8443/stream?chunks=3&interval=20&size=16',
  complete(res) {
    console.log('request ' + res.errMsg + ' ' + res.statusCode)
  }
})
// --- seed, verbatim
const listener = function (res) { console.log(res) }

RequestTask.onChunkReceived(listener)
RequestTask.offChunkReceived(listener) // Must pass the same function object used in onChunkReceived
// --- end of seed
