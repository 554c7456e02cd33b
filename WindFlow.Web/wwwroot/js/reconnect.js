// Small helpers kept in a file (the Content-Security-Policy allows no inline script).
window.windflow = {
  submitForm(id) {
    document.getElementById(id)?.submit();
  },
};

document.addEventListener("click", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if (target.id === "wf-reconnect-retry") {
    Blazor.reconnect().then((ok) => { if (!ok) location.reload(); });
  } else if (target.id === "wf-reconnect-reload") {
    location.reload();
  }
});
