// The door's camera: reads a ticket's QR code and sends the code it carries, where the
// phone lets the page use its camera. Typing the code or searching a name always works too.
(function () {
  "use strict";
  const form = document.querySelector("form.door-code");
  const button = document.querySelector("[data-scan]");
  const video = document.querySelector("[data-scan-video]");
  if (!form || !button || !video || !window.jsQR) return;

  function read(image) {
    const found = window.jsQR(image.data, image.width, image.height, {
      inversionAttempts: "dontInvert",
    });
    return found ? found.data : "";
  }
  // The reading alone, for a test that hands it a picture instead of a camera.
  window.doorScanRead = read;

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.hidden = false;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let stream = null;

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
  }

  function look() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const text = read(context.getImageData(0, 0, canvas.width, canvas.height));
      if (text) {
        stop();
        form.elements.code.value = text;
        form.requestSubmit();
        return;
      }
    }
    requestAnimationFrame(look);
  }

  button.addEventListener("click", async () => {
    if (stream) {
      stop();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      button.disabled = true;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    requestAnimationFrame(look);
  });
})();
