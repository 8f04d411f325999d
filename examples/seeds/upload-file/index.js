// The my.uploadFile and UploadTask code samples of the mPaaS "Network" page
// (seeds/mpaas-my-network.txt), verbatim except: the server address is the
// bundled test server (`api.minihost.test:8443`), and filePath '...' names a
// file the first line writes into the user data dir.
my.getFileSystemManager().writeFileSync(my.env.USER_DATA_PATH + '/photo.jpg', 'not really a jpeg');
my.uploadFile({
  url: 'https://api.minihost.test:8443/upload',
  fileType: 'image',
  fileName: 'file',
  filePath: 'https://usr/photo.jpg',
  success: (res) => {
    my.alert({
      content: 'Upload successful'
    });
  },
});
const task = my.uploadFile({
  url: 'https://api.minihost.test:8443/upload',
  fileType: 'image',
  fileName: 'file',
  filePath: 'https://usr/photo.jpg',
});
task.onProgressUpdate(({progress, totalBytesWritten, totalBytesExpectedToWrite}) => {
})
task.abort()
