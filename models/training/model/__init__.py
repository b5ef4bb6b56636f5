"""The network and its training: log-mel front-end, encoder-decoder, closure gate, losses, data, checkpoints,
ONNX export and the training run."""
