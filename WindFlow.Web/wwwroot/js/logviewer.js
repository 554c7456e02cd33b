// Scroll helpers of the container log viewer: follow the end, and tell .NET when the user scrolls
// away from it (following pauses, as in `less +F`) or back to it.
export function watch(element, dotnet) {
  let atEnd = true;
  element.addEventListener("scroll", () => {
    const now = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
    if (now !== atEnd) {
      atEnd = now;
      dotnet.invokeMethodAsync("OnAtEndChanged", now);
    }
  }, { passive: true });
}

export function scrollToEnd(element) {
  element.scrollTop = element.scrollHeight;
}

export function download(url, name) {
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
