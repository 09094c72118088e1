/** Why an evaluation has no probe and no kNN, in the words the page shows (plain strings: the UI imports them without TensorFlow.js). */
export const NEEDS_LABELS = 'Linear probe needs labels: put images in one sub-folder per class, at least two classes';
export const TOO_FEW_LABELS = 'Too few labelled images to hold some out: add at least two images per class';
