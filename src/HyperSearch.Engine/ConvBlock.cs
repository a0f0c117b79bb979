using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine;

/// <summary>One conv block of a CNN: Conv2d → [BatchNorm2d] → activation → [MaxPool2d], with its output shape.</summary>
internal sealed record ConvBlock(ConvBlockSpec Spec, ImageShape Output, Conv2d Conv, BatchNorm2d? BatchNorm, ActivationLayer Activation, MaxPool2d? Pool)
{
    /// <summary>Values per sample of the conv (and activation) output, before the pool.</summary>
    public int ActivatedSize => Conv.OutputSize;

    /// <summary>Values per sample of the block's output.</summary>
    public int OutputSize => Output.Size;
}
