// Marks the page as having scripts, before it is drawn: with scripts on, a narrow screen folds the menu behind its
// button; without them, it stays open. Not deferred, in <head>; a file of its own since the Content-Security-Policy
// allows no inline script.
document.documentElement.classList.add("js");
