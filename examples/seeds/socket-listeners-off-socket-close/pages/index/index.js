Page({
  onLoad() {
    my.onSocketClose(this.callback);
  },
  onUnload() {
    my.offSocketClose(this.callback);
    // my.offSocketClose();
  },
  callback(res) {
    my.alert({content: 'Connection closed!'});
    this.setData({
      sendMessageAbility: false,
      closeLinkAbility: false,
    });
  },
})
