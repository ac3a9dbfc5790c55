// What publishing from the admin screen needs, as one module that the upload route loads at
// its first upload rather than at start: the course tooling behind it (markdown-it,
// sanitize-html, yaml, saxes, yauzl) holds some 10 MB in every server process, and most
// processes never receive an upload.
export { loadCourse } from './load.js';
export { previewCourse } from './preview.js';
export { PreviewStore } from './previews.js';
export { PublishError, publishCourse, publishRefusal } from './publish.js';
export { problemDetail } from './yaml-source.js';
export { openCourseZip } from './zip.js';
