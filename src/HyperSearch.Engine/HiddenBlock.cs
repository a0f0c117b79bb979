using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine;

/// <summary>One hidden layer of the MLP: Linear → [BatchNorm1d] → activation or Maxout → [Dropout].</summary>
internal sealed record HiddenBlock(int Width, Linear Linear, BatchNorm1d? BatchNorm, ActivationLayer? Activation, MaxoutLayer? Maxout, Dropout? Dropout);
