// mPaaS "Network" page, my.onSocketClose code sample (onLoad + connect_start),
// wrapped in Page({...}). Changes: the `Page({` / `})` wrapper, the comma
// after onLoad, and the URL ('Server address' in the seed), which points at
// the bundled test server's echo socket.
Page({
onLoad() {
// Note: The registration of callback method only needs to be done once during the startup phase of the mini program, and there will be several callbacks when the callback method is invoked several times.
my.onSocketClose((res) => {
my.alert({content: 'Connection is closed! '});
this.setData({
sendMessageAbility: false,
closeLinkAbility: false,
});
});
// Note: The registration of callback method only needs to be done once during the startup phase of the mini program, and there will be several callbacks when the callback method is invoked several times.
my.onSocketOpen((res) => {
my.alert({content: 'Connection is established! '});
this.setData({
sendMessageAbility: true,
closeLinkAbility: true,
});
});
my.onSocketError(function(res){
my.alert('WebSocket connection failed to establish, please check!' + res);
});
// Note: The registration of callback method only needs to be done once during the startup phase of the mini program, and there will be several callbacks when the callback method is invoked several times.
my.onSocketMessage((res) => {
my.alert({content: 'Received data!' + JSON.stringify(res)});
});
},
connect_start() {
my.connectSocket({
url: 'wss://ws.minihost.test:8443/ws/echo', // The developer's server address must use wss protocol, and the domain name must be a legal domain name configured in the background
success: (res) => {
my.showToast({
content: 'success', // Text content
});
},
fail:()=>{
my.showToast({
content: 'fail', // Text content
});
}
});
},
})
